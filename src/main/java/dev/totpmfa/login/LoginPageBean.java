package dev.totpmfa.login;

import dev.totpmfa.credential.TotpCredentialModel;
import java.util.List;

/** What {@code totp-mfa-login.ftl} shows, exposed as {@code totpMfaLogin}: the user's devices, never secrets. */
public final class LoginPageBean {

    private final List<Device> devices;
    private final String selectedCredentialId;

    LoginPageBean(List<TotpCredentialModel> credentials, String selectedCredentialId) {
        this.devices = credentials.stream().map(c -> new Device(c.getId(), c.getUserLabel())).toList();
        this.selectedCredentialId = devices.stream().anyMatch(d -> d.getId().equals(selectedCredentialId))
                ? selectedCredentialId : null;
    }

    public List<Device> getDevices() {
        return devices;
    }

    /** The device the user picked before an error, so the choice survives the re-rendered page. */
    public String getSelectedCredentialId() {
        return selectedCredentialId;
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
