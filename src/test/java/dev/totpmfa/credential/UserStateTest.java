package dev.totpmfa.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.totpmfa.lockout.LockoutRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user's state row: what it keeps, how two rows of one user become one, and how the attributes of the releases
 * before it are carried over (the committed fixture holds values those releases wrote).
 */
class UserStateTest {

    private static final String FIXTURE = "/fixtures/user-state-attributes-0.1.json";

    @Test
    void attributesWrittenByTheReleaseBeforeAreCarriedOverAsTheyWereRead() throws IOException {
        JsonNode fixture;
        try (InputStream in = UserStateTest.class.getResourceAsStream(FIXTURE)) {
            fixture = new ObjectMapper().readTree(in);
        }
        assertThat(fixture.path("users")).hasSize(3);
        for (JsonNode user : fixture.path("users")) {
            JsonNode attributes = user.path("attributes");
            JsonNode expected = user.path("expected");
            UserState state = UserState.fromLegacy(text(attributes, UserStateRows.LEGACY_LOCKOUT),
                    text(attributes, UserStateRows.LEGACY_GRACE));

            // Through the row's own format, as the next request reads it.
            UserState stored = UserState.parse(state.format());
            LockoutRecord record = LockoutRecord.parse(stored.lockout());
            assertThat(record.failures()).as(user.path("case").asText()).isEqualTo(expected.path("failures").asInt());
            assertThat(record.spent()).as(user.path("case").asText())
                    .isEqualTo(expected.path("codesCovered").asInt());
            assertThat(record.lastFailure()).as(user.path("case").asText())
                    .isEqualTo(Instant.ofEpochMilli(expected.path("lastFailure").asLong()));
            assertThat(stored.graceUsed()).as(user.path("case").asText())
                    .isEqualTo(expected.path("graceUsed").asInt());
        }
    }

    @Test
    void anUnreadableCountOfTheReleaseBeforeAllowsNoPostponement() {
        assertThat(UserState.fromLegacy(null, "two").graceUsed()).isEqualTo(-1);
        assertThat(UserState.parse(UserState.fromLegacy(null, "two").format()).graceUsed()).isEqualTo(-1);
        assertThat(UserState.merge(List.of(UserState.EMPTY, UserState.fromLegacy(null, "x"))).graceUsed())
                .as("merged with a fresh row").isEqualTo(-1);
    }

    @Test
    void aNewStateHasNothingAndWritesCountRevisions() {
        UserState state = UserState.parse(null);
        assertThat(state).isEqualTo(UserState.EMPTY);
        UserState failed = state.withLockout("v1:1:3:1000");
        UserState postponed = failed.withGraceUsed(1);
        assertThat(postponed).isEqualTo(new UserState("v1:1:3:1000", 1, 2));
        assertThat(UserState.parse(postponed.format())).isEqualTo(postponed);
        assertThat(postponed.withLockout(null).format()).doesNotContain("lockout");
    }

    /**
     * Two first uses at the same moment make two rows; the one written more often holds the newer lockout record,
     * and no postponement is lost.
     */
    @Test
    void twoRowsOfOneUserMergeIntoTheNewerRecordAndTheHigherCount() {
        UserState fresh = new UserState(null, 2, 0);
        UserState failedTwice = new UserState("v1:2:6:2000", 1, 2);
        UserState merged = UserState.merge(List.of(fresh, failedTwice));
        assertThat(merged.lockout()).isEqualTo("v1:2:6:2000");
        assertThat(merged.graceUsed()).isEqualTo(2);
        assertThat(merged.revision()).isGreaterThanOrEqualTo(failedTwice.revision());

        UserState first = new UserState("v1:1:3:1000", 0, 1);
        UserState second = new UserState("v1:5:15:5000", 0, 1);
        assertThat(UserState.merge(List.of(first, second)).lockout()).as("equal revisions: the first row")
                .isEqualTo("v1:1:3:1000");
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asText() : null;
    }
}
