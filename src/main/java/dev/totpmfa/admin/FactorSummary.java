package dev.totpmfa.admin;

/**
 * {@code GET summary}: how many users of the realm stand where (service accounts are not counted).
 *
 * @param users               every user
 * @param enrolled            with at least one of our authenticator apps
 * @param builtInOnly         with Keycloak's own OTP devices or recovery codes and none of ours
 * @param withoutSecondFactor with no second factor at all
 * @param recoveryCodesLow    enrolled, with no recovery-code set or at most the realm's warning threshold left
 * @param locked              whose next authenticator code would be refused unchecked (waiting or ceiling)
 */
public record FactorSummary(long users, long enrolled, long builtInOnly, long withoutSecondFactor,
        long recoveryCodesLow, long locked) {
}
