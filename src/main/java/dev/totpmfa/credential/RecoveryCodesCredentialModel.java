package dev.totpmfa.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** A user's set of single-use recovery codes (credential type {@code totp-mfa-recovery-codes}); one per user. */
public final class RecoveryCodesCredentialModel extends CredentialModel {

    public static final String TYPE = "totp-mfa-recovery-codes";

    private final RecoveryCodesCredentialData data;
    private final byte[] salt;
    private final List<byte[]> hashes;

    private RecoveryCodesCredentialModel(RecoveryCodesCredentialData data, byte[] salt, List<byte[]> hashes) {
        this.data = data;
        this.salt = salt;
        this.hashes = hashes;
    }

    /** @throws IllegalArgumentException when the stored JSON is not ours or is damaged */
    public static RecoveryCodesCredentialModel createFromModel(CredentialModel model) {
        try {
            RecoveryCodesCredentialData data =
                    JsonSerialization.readValue(model.getCredentialData(), RecoveryCodesCredentialData.class);
            RecoveryCodesSecretData secret =
                    JsonSerialization.readValue(model.getSecretData(), RecoveryCodesSecretData.class);
            Base64.Decoder base64 = Base64.getDecoder();
            RecoveryCodesCredentialModel credential = new RecoveryCodesCredentialModel(data,
                    base64.decode(secret.salt()), secret.hashes().stream().map(base64::decode).toList());
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

    static RecoveryCodesCredentialModel create(String id, RecoveryCodesCredentialData data, byte[] salt,
                                               List<byte[]> hashes) {
        RecoveryCodesCredentialModel credential = new RecoveryCodesCredentialModel(data, salt, List.copyOf(hashes));
        credential.setId(id);
        credential.setType(TYPE);
        credential.setCreatedDate(data.created());
        try {
            Base64.Encoder base64 = Base64.getEncoder();
            credential.setCredentialData(JsonSerialization.writeValueAsString(data));
            credential.setSecretData(JsonSerialization.writeValueAsString(new RecoveryCodesSecretData(
                    base64.encodeToString(salt), hashes.stream().map(base64::encodeToString).toList())));
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

    String keyId() {
        return data.keyId();
    }

    byte[] salt() {
        return salt.clone();
    }

    List<byte[]> hashes() {
        return hashes;
    }
}
