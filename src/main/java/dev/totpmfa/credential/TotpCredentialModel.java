package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.OtpParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** One authenticator app of a user: credential type {@code totp-mfa}. */
public final class TotpCredentialModel extends CredentialModel {

    public static final String TYPE = ProviderIds.TOTP_CREDENTIAL;

    private final TotpCredentialData data;
    private final SealedSecret sealedSecret;

    private TotpCredentialModel(TotpCredentialData data, SealedSecret sealedSecret) {
        this.data = data;
        this.sealedSecret = sealedSecret;
    }

    /** @throws IllegalArgumentException when the stored JSON is not ours or is damaged */
    public static TotpCredentialModel createFromModel(CredentialModel model) {
        try {
            TotpCredentialData data = JsonSerialization.readValue(model.getCredentialData(), TotpCredentialData.class);
            TotpSecretData secret = JsonSerialization.readValue(model.getSecretData(), TotpSecretData.class);
            TotpCredentialModel credential = new TotpCredentialModel(data, SealedSecret.decode(secret.sealed()));
            credential.copyIdentityFrom(model);
            credential.setCredentialData(model.getCredentialData());
            credential.setSecretData(model.getSecretData());
            return credential;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Credential " + model.getId() + " is not a readable totp-mfa credential");
        }
    }

    static TotpCredentialModel create(String id, String userLabel, TotpCredentialData data, SealedSecret sealed) {
        TotpCredentialModel credential = new TotpCredentialModel(data, sealed);
        credential.setId(id);
        credential.setType(TYPE);
        credential.setUserLabel(userLabel);
        credential.setCreatedDate(data.created());
        credential.storeJson();
        return credential;
    }

    /** A copy that records an accepted step (and, after a key rotation, the secret sealed anew). */
    TotpCredentialModel withUse(long step, int drift, SealedSecret resealed) {
        TotpCredentialModel used = new TotpCredentialModel(data.withUse(step, drift), resealed);
        used.copyIdentityFrom(this);
        used.storeJson();
        return used;
    }

    public OtpParameters parameters() {
        return data.parameters();
    }

    public long lastUsedStep() {
        return data.lastUsedStep();
    }

    public int driftSteps() {
        return data.driftSteps();
    }

    SealedSecret sealedSecret() {
        return sealedSecret;
    }

    private void copyIdentityFrom(CredentialModel model) {
        setId(model.getId());
        setType(model.getType());
        setUserLabel(model.getUserLabel());
        setCreatedDate(model.getCreatedDate());
        setFederationLink(model.getFederationLink());
    }

    private void storeJson() {
        try {
            setCredentialData(JsonSerialization.writeValueAsString(data));
            setSecretData(JsonSerialization.writeValueAsString(new TotpSecretData(sealedSecret.encode())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
