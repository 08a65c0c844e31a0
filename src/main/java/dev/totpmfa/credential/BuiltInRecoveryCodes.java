package dev.totpmfa.credential;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's own recovery codes ({@code recovery-authn-codes}) of a user who switched to this extension: they
 * stay usable on our recovery form until used up. Keycloak's credential provider checks and consumes them (in
 * its order, as Keycloak always did); we only read how many are left.
 */
public final class BuiltInRecoveryCodes {

    public static final String TYPE = RecoveryAuthnCodesCredentialModel.TYPE;

    private BuiltInRecoveryCodes() {
    }

    public static boolean hasUnused(UserModel user) {
        return find(user).map(set -> !RecoveryAuthnCodesCredentialModel.createFromCredentialModel(set).allCodesUsed())
                .orElse(false);
    }

    /** @return the codes left after consuming the typed one, empty when Keycloak refused it */
    public static OptionalInt consume(UserModel user, String typedCode) {
        if (typedCode == null || typedCode.isBlank() || !hasUnused(user)) {
            return OptionalInt.empty();
        }
        if (!user.credentialManager().isValid(new UserCredentialModel(null, TYPE, normalize(typedCode)))) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(find(user).map(BuiltInRecoveryCodes::remaining).orElse(0));
    }

    /**
     * Keycloak shows its codes as {@code XXXX-XXXX-XXXX} but stores hashes of the bare 12 symbols, and its own form
     * removes the hyphens before checking; so do we, and spaces and lower case too (its alphabet is upper case).
     */
    static String normalize(String typedCode) {
        return typedCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static Optional<CredentialModel> find(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).findFirst();
    }

    private static int remaining(CredentialModel set) {
        try {
            JsonNode data = JsonSerialization.readValue(set.getCredentialData(), JsonNode.class);
            return data.path("remainingCodes").asInt(
                    RecoveryAuthnCodesCredentialModel.createFromCredentialModel(set).allCodesUsed() ? 0 : 1);
        } catch (IOException e) {
            return RecoveryAuthnCodesCredentialModel.createFromCredentialModel(set).allCodesUsed() ? 0 : 1;
        }
    }
}
