package dev.totpmfa.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.KeyRingParser;
import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.crypto.SealingException;
import dev.totpmfa.crypto.SealingKey;
import dev.totpmfa.crypto.SecretBinding;
import dev.totpmfa.crypto.SecretSealer;
import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.RecoveryCodeHasher;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

/**
 * Rows exactly as the first release stored them (see src/test/resources/fixtures/README.md) must keep opening with
 * today's readers, and what today's code writes from them must open again: stored data is never stranded by a
 * format change. The same rows are loaded into a real Keycloak by {@code StoredFixtureIT}.
 */
class StoredFixtureTest {

    static final String FIXTURE = "/fixtures/stored-credentials-v1.json";
    private static final JsonNode ROWS = read();
    private final SecretSealer sealer = new SecretSealer(new SecureRandom());
    private final SecretVault vault = new SecretVault(KeyRing.of(KeyRingParser.parseList(
            ROWS.path("sealingKeys").asText())), sealer, new FallbackSealingKeys(new SecureRandom(), false));

    @Test
    void fixtureHoldsBothKindsOfRowsOfBothFallbacks() {
        assertThat(users()).extracting(user -> user.path("sealedWith").asText())
                .containsExactlyInAnyOrder("configured-key", "dev-fallback");
        for (JsonNode user : users()) {
            assertThat(row(user, TotpCredentialModel.TYPE).getSecretData()).startsWith("{\"sealed\":\"v1:");
            assertThat(row(user, RecoveryCodesCredentialModel.TYPE).getCredentialData()).contains("\"keyId\"");
        }
    }

    @Test
    void firstReleaseTotpRowsOpenToTheEnrolledSecret() {
        for (JsonNode user : users()) {
            CredentialModel row = row(user, TotpCredentialModel.TYPE);
            TotpCredentialModel device = TotpCredentialModel.createFromModel(row);

            assertThat(device.sealedSecret().format()).isEqualTo(SealedSecret.V1);
            assertThat(device.parameters()).isEqualTo(new OtpParameters(
                    HmacAlgorithm.fromName(user.path("algorithm").asText()), user.path("digits").asInt(),
                    user.path("period").asInt()));
            assertThat(device.lastUsedStep()).isPositive();
            assertThat(sealer.open(keyOf(user, device.sealedSecret().keyId()), device.sealedSecret(),
                    binding(user, row))).isEqualTo(secret(user));
        }
    }

    @Test
    void firstReleaseRecoverySetsAcceptTheirCodes() {
        for (JsonNode user : users()) {
            RecoveryCodesCredentialModel set = RecoveryCodesCredentialModel.createFromModel(
                    row(user, RecoveryCodesCredentialModel.TYPE));
            assertThat(set.sealedHashKey()).isEmpty();
            RecoveryCodeHasher hasher = new RecoveryCodeHasher(
                    RecoveryCodesCredentialProvider.legacyHashKey(keyOf(user, set.legacyKeyId())));

            assertThat(set.remaining()).isEqualTo(user.path("recoveryCodes").size());
            for (JsonNode code : user.path("recoveryCodes")) {
                assertThat(hasher.findMatch(set.salt(), set.hashes(), code.asText())).as(code.asText()).isPresent();
            }
            assertThat(hasher.findMatch(set.salt(), set.hashes(), "AAAAA-AAAAA")).isEmpty();
        }
    }

    /** What the next login writes for a v1 row (the configured key still seals) opens, and only for its row. */
    @Test
    void v1TotpRowResealedAsV2KeepsItsSecretAndIsBoundToItsUser() {
        JsonNode user = user("configured-key");
        CredentialModel row = row(user, TotpCredentialModel.TYPE);
        TotpCredentialModel device = TotpCredentialModel.createFromModel(row);
        SecretBinding binding = binding(user, row);
        assertThat(vault.isCurrent(null, null, device.sealedSecret())).isFalse();

        SealedSecret resealed = vault.resealIfStale(null, null, binding, device.sealedSecret(),
                vault.open(null, null, binding, device.sealedSecret()));
        TotpCredentialModel stored = TotpCredentialModel.createFromModel(
                device.withUse(device.lastUsedStep() + 1, 0, resealed));

        assertThat(stored.getSecretData()).startsWith("{\"sealed\":\"v2:fixture-test-only:");
        assertThat(stored.getCredentialData()).isEqualTo(row.getCredentialData()
                .replace("\"lastUsedStep\":" + device.lastUsedStep(), "\"lastUsedStep\":" + stored.lastUsedStep()));
        assertThat(vault.open(null, null, binding, stored.sealedSecret())).isEqualTo(secret(user));
        assertThat(vault.isCurrent(null, null, stored.sealedSecret())).isTrue();
        SecretBinding otherUser = new SecretBinding(binding.realmId(), "another-user", binding.credentialId(),
                binding.credentialType());
        assertThatThrownBy(() -> vault.open(null, null, otherUser, stored.sealedSecret()))
                .isInstanceOf(SealingException.class);
    }

    /** A v1 recovery set rewritten in format 2 keeps its hashes, and its key id leaves the public data. */
    @Test
    void v1RecoverySetRewrittenInTheCurrentFormatAcceptsTheSameCodes() {
        JsonNode user = user("configured-key");
        CredentialModel row = row(user, RecoveryCodesCredentialModel.TYPE);
        RecoveryCodesCredentialModel old = RecoveryCodesCredentialModel.createFromModel(row);
        byte[] hashKey = RecoveryCodesCredentialProvider.legacyHashKey(keyOf(user, old.legacyKeyId()));
        SecretBinding binding = binding(user, row);

        RecoveryCodesCredentialModel rewritten = RecoveryCodesCredentialModel.createFromModel(
                RecoveryCodesCredentialModel.create(row.getId(),
                        RecoveryCodesCredentialData.current(old.issued(), old.remaining(), old.created()),
                        old.salt(), old.hashes(), vault.seal(null, null, binding, hashKey)));

        assertThat(rewritten.getCredentialData()).doesNotContain("keyId").doesNotContain("fixture-test-only")
                .contains("\"formatVersion\":2");
        assertThat(rewritten.getSecretData()).contains("\"hashKey\":\"v2:fixture-test-only:");
        RecoveryCodeHasher hasher = new RecoveryCodeHasher(vault.open(null, null, binding,
                rewritten.sealedHashKey().orElseThrow()));
        for (JsonNode code : user.path("recoveryCodes")) {
            assertThat(hasher.findMatch(rewritten.salt(), rewritten.hashes(), code.asText())).isPresent();
        }
    }

    private SealingKey keyOf(JsonNode user, String keyId) {
        if (user.path("sealedWith").asText().equals("configured-key")) {
            return vault.keyFor(null, null, keyId);
        }
        JsonNode aes = user.path("realmAesKey");
        assertThat(keyId).isEqualTo(KeyRing.RESERVED_ID_PREFIX + aes.path("kid").asText());
        return FallbackSealingKeys.derivedFromAesKey(keyId,
                Base64.getUrlDecoder().decode(aes.path("secret").asText()), user.path("realmId").asText());
    }

    private static SecretBinding binding(JsonNode user, CredentialModel row) {
        return new SecretBinding(user.path("realmId").asText(), user.path("userId").asText(), row.getId(),
                row.getType());
    }

    private static byte[] secret(JsonNode user) {
        return Base32.decode(user.path("secretBase32").asText());
    }

    static List<JsonNode> users() {
        List<JsonNode> users = new ArrayList<>();
        ROWS.path("users").forEach(users::add);
        return users;
    }

    private static JsonNode user(String sealedWith) {
        return users().stream().filter(user -> user.path("sealedWith").asText().equals(sealedWith)).findFirst()
                .orElseThrow();
    }

    /** A row as Keycloak hands it to a credential provider: the stored columns, unchanged. */
    static CredentialModel row(JsonNode user, String type) {
        for (JsonNode stored : user.path("credentials")) {
            if (stored.path("type").asText().equals(type)) {
                CredentialModel model = new CredentialModel();
                model.setId(stored.path("id").asText());
                model.setType(type);
                model.setUserLabel(stored.path("user_label").isNull() ? null : stored.path("user_label").asText());
                model.setCreatedDate(stored.path("created_date").asLong());
                model.setCredentialData(stored.path("credential_data").asText());
                model.setSecretData(stored.path("secret_data").asText());
                return model;
            }
        }
        throw new IllegalStateException("fixture has no " + type + " row");
    }

    private static JsonNode read() {
        try (InputStream in = StoredFixtureTest.class.getResourceAsStream(FIXTURE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
