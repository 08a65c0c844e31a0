package dev.totpmfa.it.support;

import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Chromium's WebAuthn emulation (Selenium's virtual authenticator): the browser answers {@code navigator.credentials}
 * itself, as a real key or phone would, with user presence and verification given. A browser holds one at a time
 * here, so it is always clear which device answered; {@link #remove} takes it (and its credentials) away.
 */
public final class VirtualKeys {

    private VirtualKeys() {
    }

    /** A USB security key: CTAP2, no discoverable credentials (Keycloak's "Webauthn Register" needs none). */
    public static VirtualAuthenticator securityKey(Browser browser) {
        return add(browser, new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(false));
    }

    /**
     * A platform authenticator that keeps passkeys: CTAP2, internal transport, discoverable credentials and user
     * verification, as "Webauthn Register Passwordless" and a sign-in without a username need.
     */
    public static VirtualAuthenticator passkeyDevice(Browser browser) {
        return add(browser, new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true));
    }

    public static void remove(Browser browser, VirtualAuthenticator authenticator) {
        ((HasVirtualAuthenticator) browser.driver()).removeVirtualAuthenticator(authenticator);
    }

    private static VirtualAuthenticator add(Browser browser, VirtualAuthenticatorOptions options) {
        return ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(options
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }
}
