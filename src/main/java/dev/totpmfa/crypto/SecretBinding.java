package dev.totpmfa.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a sealed secret belongs: the realm, user, credential row and credential type. Format {@code v2} authenticates
 * all of them (with the format itself) as AES-GCM associated data, so a ciphertext copied onto another row, user,
 * realm or credential type does not open there; format {@code v1} authenticated the credential id only.
 */
public record SecretBinding(String realmId, String userId, String credentialId, String credentialType) {

    private static final String V2_LABEL = "keycloak-totp-mfa sealed v2";

    public SecretBinding {
        Objects.requireNonNull(realmId, "realm id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(credentialId, "credential id");
        Objects.requireNonNull(credentialType, "credential type");
    }

    /** The same place for another row, e.g. a recovery-code set rewritten under a new id. */
    public SecretBinding withCredentialId(String otherCredentialId) {
        return new SecretBinding(realmId, userId, otherCredentialId, credentialType);
    }

    byte[] associatedData(int format) {
        if (format == SealedSecret.V1) {
            return credentialId.getBytes(StandardCharsets.UTF_8);
        }
        // Each field is length-prefixed, so no two different bindings can produce the same bytes.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : new String[] {V2_LABEL, realmId, userId, credentialId, credentialType}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
