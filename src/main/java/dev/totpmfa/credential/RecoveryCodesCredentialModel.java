package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.names.ProviderIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** A user's set of single-use recovery codes (credential type {@code totp-mfa-recovery-codes}); one per user. */
public final class RecoveryCodesCredentialModel extends CredentialModel {

    public static final String TYPE = ProviderIds.RECOVERY_CODES_CREDENTIAL;

    private final RecoveryCodesCredentialData data;
    private final byte[] salt;
    private final List<byte[]> hashes;
    private final SealedSecret sealedHashKey;

    private RecoveryCodesCredentialModel(RecoveryCodesCredentialData data, byte[] salt, List<byte[]> hashes,
                                         SealedSecret sealedHashKey) {
        this.data = data;
        this.salt = salt;
        this.hashes = hashes;
        this.sealedHashKey = sealedHashKey;
    }

    /** @throws IllegalArgumentException when the stored JSON is not ours or is damaged */
    public static RecoveryCodesCredentialModel createFromModel(CredentialModel model) {
        try {
            RecoveryCodesCredentialData data =
                    JsonSerialization.readValue(model.getCredentialData(), RecoveryCodesCredentialData.class);
            RecoveryCodesSecretData secret =
                    JsonSerialization.readValue(model.getSecretData(), RecoveryCodesSecretData.class);
            Base64.Decoder base64 = Base64.getDecoder();
            SealedSecret hashKey = secret.hashKey() == null ? null : SealedSecret.decode(secret.hashKey());
            if (hashKey == null && data.keyId() == null) {
                throw new IllegalArgumentException("no hashing key");
            }
            RecoveryCodesCredentialModel credential = new RecoveryCodesCredentialModel(data,
                    base64.decode(secret.salt()), secret.hashes().stream().map(base64::decode).toList(), hashKey);
            credential.setId(model.getId());
            credential.setType(TYPE);
            credential.setUserLabel(model.getUserLabel());
            credential.setCreatedDate(model.getCreatedDate());
            credential.setCredentialData(model.getCredentialData());
            credential.setSecretData(model.getSecretData());
            return credential;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Credential " + model.getId() + " is not a readable recovery-code set");
        }
    }

    /** A set in the current format: {@code hashKey} is the set's HMAC key, sealed for this credential id. */
    static RecoveryCodesCredentialModel create(String id, RecoveryCodesCredentialData data, byte[] salt,
                                               List<byte[]> hashes, SealedSecret hashKey) {
        RecoveryCodesCredentialModel credential =
                new RecoveryCodesCredentialModel(data, salt, List.copyOf(hashes), hashKey);
        credential.setId(id);
        credential.setType(TYPE);
        credential.setCreatedDate(data.created());
        try {
            Base64.Encoder base64 = Base64.getEncoder();
            credential.setCredentialData(JsonSerialization.writeValueAsString(data));
            credential.setSecretData(JsonSerialization.writeValueAsString(new RecoveryCodesSecretData(
                    base64.encodeToString(salt), hashes.stream().map(base64::encodeToString).toList(),
                    hashKey.encode())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return credential;
    }

    public int issued() {
        return data.issued();
    }

    public int remaining() {
        return hashes.size();
    }

    public long created() {
        return data.created();
    }

    RecoveryCodesCredentialData data() {
        return data;
    }

    /** Format 1 only: the sealing key from which the set's HMAC key was derived. */
    String legacyKeyId() {
        return data.keyId();
    }

    /** Empty for a set of the first format, whose HMAC key is derived from {@link #legacyKeyId()}. */
    Optional<SealedSecret> sealedHashKey() {
        return Optional.ofNullable(sealedHashKey);
    }

    byte[] salt() {
        return salt.clone();
    }

    List<byte[]> hashes() {
        return hashes;
    }
}
