package dev.totpmfa.login;

import java.util.List;
import org.keycloak.credential.CredentialModel;

/**
 * What {@code totp-mfa-login.ftl} shows, exposed as {@code totpMfaLogin}: the user's devices (never secrets),
 * whether the recovery-code form applies, and after a recovery login the offer to set up a new device.
 */
public final class LoginPageBean {

    private final List<Device> devices;
    private final String selectedCredentialId;
    private final boolean recoveryAvailable;
    private final boolean recoveryOpen;
    private final Integer recoveryCodesRemaining;
    private final String recoveryCodesRemainingText;
    private final boolean setupOffered;
    private final String trustBrowserText;

    private LoginPageBean(List<Device> devices, String selectedCredentialId, boolean recoveryAvailable,
                          boolean recoveryOpen, Integer recoveryCodesRemaining, String recoveryCodesRemainingText,
                          boolean setupOffered, String trustBrowserText) {
        this.devices = devices;
        this.selectedCredentialId = selectedCredentialId;
        this.recoveryAvailable = recoveryAvailable;
        this.recoveryOpen = recoveryOpen;
        this.recoveryCodesRemaining = recoveryCodesRemaining;
        this.recoveryCodesRemainingText = recoveryCodesRemainingText;
        this.setupOffered = setupOffered;
        this.trustBrowserText = trustBrowserText;
    }

    /**
     * The code page; {@code recoveryOpen} unfolds the recovery form, e.g. to show its error; {@code trustBrowserText}
     * is the label of the "don't ask again" box in the user's language, null when the box is not offered.
     */
    static LoginPageBean codeEntry(List<CredentialModel> credentials, String selectedCredentialId,
                                   boolean recoveryAvailable, boolean recoveryOpen, String trustBrowserText) {
        List<Device> devices = credentials.stream().map(c -> new Device(c.getId(), c.getUserLabel())).toList();
        String selected = devices.stream().anyMatch(d -> d.getId().equals(selectedCredentialId))
                ? selectedCredentialId : null;
        return new LoginPageBean(devices, selected, recoveryAvailable, recoveryOpen, null, null, false,
                trustBrowserText);
    }

    /**
     * The page after a successful recovery code: how many are left (also as the sentence that says so, in the
     * user's language), and the lost-phone offer.
     */
    static LoginPageBean recoveryAccepted(int remaining, String remainingText, boolean setupOffered) {
        return new LoginPageBean(List.of(), null, false, false, remaining, remainingText, setupOffered, null);
    }

    public List<Device> getDevices() {
        return devices;
    }

    /** The device the user picked before an error, so the choice survives the re-rendered page. */
    public String getSelectedCredentialId() {
        return selectedCredentialId;
    }

    public boolean isRecoveryAvailable() {
        return recoveryAvailable;
    }

    public boolean isRecoveryOpen() {
        return recoveryOpen;
    }

    /** Null on the code page; the count left on the page that follows a recovery login. */
    public Integer getRecoveryCodesRemaining() {
        return recoveryCodesRemaining;
    }

    /** Null on the code page; message {@code totpMfaRecoveryAccepted} with the count, after a recovery login. */
    public String getRecoveryCodesRemainingText() {
        return recoveryCodesRemainingText;
    }

    public boolean isSetupOffered() {
        return setupOffered;
    }

    /** Null unless the step offers to trust this browser; then message {@code totpMfaTrustBrowser} with its days. */
    public String getTrustBrowserText() {
        return trustBrowserText;
    }

    /** One authenticator app as the chooser lists it. */
    public static final class Device {
        private final String id;
        private final String userLabel;

        Device(String id, String userLabel) {
            this.id = id;
            this.userLabel = userLabel;
        }

        public String getId() {
            return id;
        }

        public String getUserLabel() {
            return userLabel;
        }
    }
}
