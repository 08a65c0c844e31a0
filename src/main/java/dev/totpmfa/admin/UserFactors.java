package dev.totpmfa.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One user in {@code GET users}: what they have, never a secret.
 *
 * @param devices                our authenticator apps
 * @param builtInDevices         Keycloak's own OTP devices
 * @param recoveryCodesRemaining codes left in the user's set; null without a set
 * @param locked                 whether an authenticator code would be refused unchecked now
 * @param lockedUntil            end of the current wait (ISO-8601); null when not locked, and null at the guess
 *                               ceiling, which lasts until an admin unlocks or a recovery code succeeds
 * @param setupPostponed         how many times the user chose "Set up later" (0 when never)
 * @param setupPostponementsLeft how many more times they may, while {@code grace-logins} is set (null otherwise);
 *                               a {@code grace-until} day that has passed allows none, whatever this says
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UserFactors(String id, String username, int devices, int builtInDevices,
        Integer recoveryCodesRemaining, boolean locked, String lockedUntil, int setupPostponed,
        Integer setupPostponementsLeft) {
}
