package dev.totpmfa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.totpmfa.names.ProviderIds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SealingKeySelectionTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretBinding BINDING =
            new SecretBinding("realm-id", "user-id", "credential-1", ProviderIds.TOTP_CREDENTIAL);
    private static final byte[] SECRET = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private final SecretSealer sealer = new SecretSealer(RANDOM);
    private final SealingKey realmKey = key("realm-dev-0011");
    private final SealingKey oldKey = key("2025");
    private final SealingKey newKey = key("2026");
    private final FakeRealmKeys realm = new FakeRealmKeys(realmKey);

    @Test
    void withoutConfiguredKeysTheRealmsKeySealsAndOpens() {
        SealingKeySelection keys = new SealingKeySelection(KeyRing.empty(), realm);

        assertThat(keys.sealingKey()).isSameAs(realmKey);
        assertThat(keys.openingKey(realmKey.id())).isSameAs(realmKey);
        assertThat(keys.isCurrent(sealer.seal(realmKey, SECRET, BINDING))).isTrue();
    }

    @Test
    void theNewestConfiguredKeySealsAndTheRealmIsNotAskedForOne() {
        SealingKeySelection keys = new SealingKeySelection(KeyRing.of(List.of(oldKey, newKey)), realm);

        assertThat(keys.sealingKey()).isSameAs(newKey);
        assertThat(realm.currentAsked).as("a realm key is created only when nothing is configured").isZero();
    }

    /** Configuring keys, or rotating them, must leave every stored secret readable and mark it for re-sealing. */
    @Test
    void secretsOfOlderKeysStillOpenAndAreStale() {
        SealedSecret underRealmKey = sealer.seal(realmKey, SECRET, BINDING);
        SealedSecret underOldKey = sealer.seal(oldKey, SECRET, BINDING);
        SealingKeySelection keys = new SealingKeySelection(KeyRing.of(List.of(oldKey, newKey)), realm);

        assertThat(keys.openingKey(realmKey.id())).isSameAs(realmKey);
        assertThat(keys.openingKey(oldKey.id())).isSameAs(oldKey);
        assertThat(keys.isCurrent(underRealmKey)).isFalse();
        assertThat(keys.isCurrent(underOldKey)).isFalse();
        assertThat(keys.isCurrent(sealer.seal(newKey, SECRET, BINDING))).isTrue();
    }

    /** A configured key is found without asking the realm (which may have to look up a realm AES key for it). */
    @Test
    void configuredKeysAreSearchedFirst() {
        SealingKeySelection keys = new SealingKeySelection(KeyRing.of(List.of(oldKey, newKey)), realm);

        keys.openingKey(oldKey.id());

        assertThat(realm.searched).isEmpty();
    }

    @Test
    void aKeyNobodyHasIsAnErrorThatSaysWhatToDo() {
        SealingKeySelection keys = new SealingKeySelection(KeyRing.of(List.of(newKey)), realm);

        assertThatThrownBy(() -> keys.openingKey("2024"))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("'2024'")
                .hasMessageContaining("add it back to sealing-keys");
    }

    /** The first format is never current, even under the key that seals now: its next use re-seals it as v2. */
    @Test
    void theFirstFormatIsStaleUnderTheNewestKey() {
        SealingKeySelection keys = new SealingKeySelection(KeyRing.of(List.of(newKey)), realm);
        SealedSecret v1 =
                SealedSecret.decode(sealer.seal(newKey, SECRET, BINDING).encode().replaceFirst("^v2:", "v1:"));

        assertThat(v1.isCurrentFormat()).isFalse();
        assertThat(keys.isCurrent(v1)).isFalse();
    }

    private static SealingKey key(String id) {
        byte[] material = new byte[SealingKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        return SealingKey.of(id, material);
    }

    private static final class FakeRealmKeys implements SealingKeySelection.RealmKeys {

        private final Map<String, SealingKey> keys;
        private final SealingKey current;
        private final List<String> searched = new ArrayList<>();
        private int currentAsked;

        FakeRealmKeys(SealingKey current) {
            this.current = current;
            this.keys = Map.of(current.id(), current);
        }

        @Override
        public SealingKey current() {
            currentAsked++;
            return current;
        }

        @Override
        public Optional<SealingKey> find(String keyId) {
            searched.add(keyId);
            return Optional.ofNullable(keys.get(keyId));
        }
    }
}
