package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.trust.TrustDecisions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** One browser a user chose to trust (credential type {@code totp-mfa-trusted-browser}); a few per user. */
public final class TrustedBrowserCredentialModel extends CredentialModel {

    public static final String TYPE = ProviderIds.TRUSTED_BROWSER_CREDENTIAL;

    private final TrustedBrowserCredentialData data;
    private final SealedSecret sealedHashKey;
    private final byte[] hash;

    private TrustedBrowserCredentialModel(TrustedBrowserCredentialData data, SealedSecret sealedHashKey,
                                          byte[] hash) {
        this.data = data;
        this.sealedHashKey = sealedHashKey;
        this.hash = hash;
    }

    /** @throws IllegalArgumentException when the stored JSON is not ours or is damaged */
    public static TrustedBrowserCredentialModel createFromModel(CredentialModel model) {
        try {
            TrustedBrowserCredentialData data =
                    JsonSerialization.readValue(model.getCredentialData(), TrustedBrowserCredentialData.class);
            TrustedBrowserSecretData secret =
                    JsonSerialization.readValue(model.getSecretData(), TrustedBrowserSecretData.class);
            TrustedBrowserCredentialModel credential = new TrustedBrowserCredentialModel(data,
                    SealedSecret.decode(secret.hashKey()), Base64.getDecoder().decode(secret.hash()));
            credential.copyFrom(model);
            return credential;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Credential " + model.getId() + " is not a readable trusted browser");
        }
    }

    static TrustedBrowserCredentialModel create(String id, String label, TrustedBrowserCredentialData data,
                                                SealedSecret hashKey, byte[] hash) {
        TrustedBrowserCredentialModel credential = new TrustedBrowserCredentialModel(data, hashKey, hash.clone());
        credential.setId(id);
        credential.setType(TYPE);
        credential.setUserLabel(label);
        credential.setCreatedDate(data.created());
        try {
            credential.setCredentialData(JsonSerialization.writeValueAsString(data));
            credential.setSecretData(JsonSerialization.writeValueAsString(
                    new TrustedBrowserSecretData(hashKey.encode(), Base64.getEncoder().encodeToString(hash))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return credential;
    }

    /** The same row with another last-used time. */
    TrustedBrowserCredentialModel usedAt(long millis) {
        TrustedBrowserCredentialModel used = create(getId(), getUserLabel(),
                new TrustedBrowserCredentialData(data.formatVersion(), data.created(), data.expires(), millis),
                sealedHashKey, hash);
        used.setCreatedDate(getCreatedDate());
        return used;
    }

    private void copyFrom(CredentialModel model) {
        setId(model.getId());
        setType(TYPE);
        setUserLabel(model.getUserLabel());
        setCreatedDate(model.getCreatedDate());
        setCredentialData(model.getCredentialData());
        setSecretData(model.getSecretData());
    }

    public Instant created() {
        return Instant.ofEpochMilli(data.created());
    }

    public Instant expires() {
        return Instant.ofEpochMilli(data.expires());
    }

    public Instant lastUsed() {
        return Instant.ofEpochMilli(data.lastUsed());
    }

    TrustDecisions.Entry entry() {
        return new TrustDecisions.Entry(getId(), created(), expires());
    }

    SealedSecret sealedHashKey() {
        return sealedHashKey;
    }

    byte[] hash() {
        return hash.clone();
    }
}
