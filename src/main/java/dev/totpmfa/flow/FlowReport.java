package dev.totpmfa.flow;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every flow that can sign a user in to one realm, classified. A realm that uses our step anywhere must use it
 * everywhere: Keycloak's OTP steps only see Keycloak's {@code otp} credential, so a user enrolled with us (or
 * migrated) passes them on the password alone, and a flow without a second factor needs only the password anyway.
 * The reset-credentials flow counts while "Forgot password" is on: its e-mailed link ends in a session. A flow
 * users cannot start ({@link SignInFlow#reachable()} false) is listed but decides nothing.
 */
public record FlowReport(String realm, List<SignInFlow> flows) {

    public FlowReport {
        flows = List.copyOf(flows);
    }

    public boolean usesTotpMfa() {
        return reachable().anyMatch(flow -> flow.secondFactor().usesTotpMfa());
    }

    /** Flows in which Keycloak's OTP steps still decide; while any is left, built-in devices are not migrated. */
    public List<SignInFlow> keycloakOtpFlows() {
        return reachable().filter(flow -> flow.secondFactor().usesKeycloakOtp()).toList();
    }

    /**
     * Flows that let a user of our step in without our code: Keycloak's OTP steps, no second factor at all, or
     * some way through that completes without our step (Kerberos, a certificate, a second password form, a
     * conditional subflow around our step), and the ways in that run no flow.
     */
    public List<SignInFlow> weakerFlows() {
        if (!usesTotpMfa()) {
            return List.of();
        }
        return reachable().filter(SignInFlow::withoutOurCode).toList();
    }

    private Stream<SignInFlow> reachable() {
        return flows.stream().filter(SignInFlow::reachable);
    }

    /** The WARN for a realm with {@link #weakerFlows()}, empty when there are none. */
    public Optional<String> warning() {
        List<SignInFlow> weaker = weakerFlows();
        if (weaker.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("keycloak-totp-mfa: realm " + realm + " uses totp-mfa, but these flows let its users"
                + " sign in without a totp-mfa code: " + describe(weaker) + ". Put totp-mfa-form (browser, first"
                + " broker login, post broker login, reset credentials) or totp-mfa-direct-grant (direct grant) in each of"
                + " them, on every way through them, instead of Keycloak's OTP steps; POST /admin/realms/" + realm
                + "/totp-mfa/flows/install does it on copies, and gives identity providers a post-broker-login flow"
                + " with totp-mfa-form. GET /admin/realms/" + realm + "/totp-mfa/flows names each way past it.");
    }

    /** The WARN for a realm where a built-in device was accepted but left unmigrated. */
    public Optional<String> migrationHeldBack() {
        List<SignInFlow> keycloaks = keycloakOtpFlows();
        if (keycloaks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("keycloak-totp-mfa: realm " + realm + ": devices of Keycloak's own OTP are accepted but"
                + " not migrated while these flows still use Keycloak's OTP steps: " + describe(keycloaks)
                + ". Replace those steps with totp-mfa steps to let the migration run.");
    }

    private static String describe(List<SignInFlow> flows) {
        return flows.stream().map(SignInFlow::describe).collect(Collectors.joining(", "));
    }
}
