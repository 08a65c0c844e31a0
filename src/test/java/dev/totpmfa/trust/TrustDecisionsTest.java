package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static TrustDecisions.Entry entry(String id, Duration age, int days) {
        Instant created = NOW.minus(age);
        return new TrustDecisions.Entry(id, created, TrustDecisions.expiry(created, days));
    }

    @Test
    void honouredUntilItExpires() {
        assertThat(TrustDecisions.honoured(entry("a", Duration.ofDays(29), 30), NOW, 30)).isTrue();
        assertThat(TrustDecisions.honoured(entry("a", Duration.ofDays(30), 30), NOW, 30)).isFalse();
        assertThat(TrustDecisions.honoured(entry("a", Duration.ofDays(31), 30), NOW, 30)).isFalse();
    }

    /** An admin who shortens the period, or turns trust off, means it for browsers trusted before too. */
    @Test
    void aShorterOrSwitchedOffSettingAppliesAtOnce() {
        TrustDecisions.Entry tenDaysOld = entry("a", Duration.ofDays(10), 30);
        assertThat(TrustDecisions.honoured(tenDaysOld, NOW, 7)).isFalse();
        assertThat(TrustDecisions.honoured(tenDaysOld, NOW, 0)).isFalse();
        assertThat(TrustDecisions.honoured(tenDaysOld, NOW, 365)).as("a longer setting does not extend a row")
                .isTrue();
        assertThat(TrustDecisions.honoured(entry("a", Duration.ofDays(40), 30), NOW, 365)).isFalse();
    }

    @Test
    void aRowFromTheFutureIsNotHonoured() {
        assertThat(TrustDecisions.honoured(entry("a", Duration.ofDays(-1), 30), NOW, 30)).isFalse();
    }

    @Test
    void underTheLimitNothingGoesButExpiredRows() {
        List<TrustDecisions.Entry> rows = List.of(entry("live", Duration.ofDays(1), 30),
                entry("expired", Duration.ofDays(31), 30));
        assertThat(TrustDecisions.toRemoveBeforeAdding(rows, NOW, 10)).containsExactly("expired");
        assertThat(TrustDecisions.toRemoveBeforeAdding(List.of(), NOW, 10)).isEmpty();
    }

    /** Ten rows stored, one more coming: the oldest goes, so the user keeps ten. */
    @Test
    void atTheLimitTheOldestGoFirst() {
        List<TrustDecisions.Entry> rows = new ArrayList<>();
        for (int age = 1; age <= 10; age++) {
            rows.add(entry("age-" + age, Duration.ofHours(age), 30));
        }
        assertThat(TrustDecisions.toRemoveBeforeAdding(rows, NOW, 10)).containsExactly("age-10");

        rows.add(entry("age-11", Duration.ofHours(11), 30));
        rows.add(entry("age-12", Duration.ofHours(12), 30));
        assertThat(TrustDecisions.toRemoveBeforeAdding(rows, NOW, 10)).containsExactly("age-12", "age-11",
                "age-10");
    }

    @Test
    void expiredRowsMakeRoomBeforeLiveOnesGo() {
        List<TrustDecisions.Entry> rows = new ArrayList<>();
        for (int age = 1; age <= 9; age++) {
            rows.add(entry("age-" + age, Duration.ofHours(age), 30));
        }
        rows.add(entry("expired", Duration.ofDays(40), 30));
        assertThat(TrustDecisions.toRemoveBeforeAdding(rows, NOW, 10)).containsExactly("expired");
    }

    @Test
    void aFreshSignInIsAskedForByPromptLoginOrMaxAgeZero() {
        assertThat(TrustDecisions.freshSignInRequested("login", null)).isTrue();
        assertThat(TrustDecisions.freshSignInRequested("consent login", null)).isTrue();
        assertThat(TrustDecisions.freshSignInRequested(" LOGIN ", null)).isTrue();
        assertThat(TrustDecisions.freshSignInRequested(null, "0")).isTrue();
        assertThat(TrustDecisions.freshSignInRequested(null, "-1")).isTrue();
        assertThat(TrustDecisions.freshSignInRequested("consent", "3600")).isFalse();
        assertThat(TrustDecisions.freshSignInRequested("none", "x")).isFalse();
        assertThat(TrustDecisions.freshSignInRequested("loginx", null)).isFalse();
        assertThat(TrustDecisions.freshSignInRequested(null, null)).isFalse();
    }

    /** Read as Keycloak's LoA condition reads its max age: only a positive number of seconds remembers. */
    @Test
    void aStepUpLevelIsRememberedOnlyWithAPositiveMaxAge() {
        assertThat(TrustDecisions.levelRemembered("36000", null)).isTrue();
        assertThat(TrustDecisions.levelRemembered("1", "false")).isTrue();
        assertThat(TrustDecisions.levelRemembered("0", null)).isFalse();
        assertThat(TrustDecisions.levelRemembered("0", "true")).as("a number wins over Keycloak 17's key").isFalse();
        assertThat(TrustDecisions.levelRemembered("-5", null)).isFalse();
        assertThat(TrustDecisions.levelRemembered(null, null)).as("missing: Keycloak falls back to 0").isFalse();
        assertThat(TrustDecisions.levelRemembered("ten", null)).isFalse();
        assertThat(TrustDecisions.levelRemembered(" 60", null)).as("Keycloak does not trim either").isFalse();
        assertThat(TrustDecisions.levelRemembered(null, "true")).as("Keycloak 17: stored in the session").isTrue();
        assertThat(TrustDecisions.levelRemembered(null, "false")).isFalse();
    }
}
