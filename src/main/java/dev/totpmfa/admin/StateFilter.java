package dev.totpmfa.admin;

import dev.totpmfa.credential.BuiltInRecoveryCodes;
import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * The JPQL that picks the users of one {@link FactorState} in one {@link UserTable}: {@code from …} and the conditions,
 * with their parameters.
 */
final class StateFilter {

    private final UserTable table;
    private final List<String> lowPatterns;

    StateFilter(UserTable table, List<String> lowPatterns) {
        this.table = table;
        this.lowPatterns = lowPatterns;
    }

    /** The JPQL after {@code select …}, and its parameters. */
    record Query(String jpql, Map<String, Object> parameters) {

        <T> TypedQuery<T> bind(TypedQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    /** @param state null for every user */
    Query where(String realmId, FactorState state) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("realm", realmId);
        StringBuilder jpql = new StringBuilder(" from ").append(table.users()).append(" where ")
                .append(table.usersWhere());
        if (state == null) {
            return new Query(jpql.toString(), parameters);
        }
        switch (state) {
            case NONE -> jpql.append(" and not ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL))
                    .append(" and not ").append(has("otp", parameters, OTPCredentialModel.TYPE))
                    .append(" and not ").append(has("builtInCodes", parameters, BuiltInRecoveryCodes.TYPE));
            case BUILT_IN -> jpql.append(" and not ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL))
                    .append(" and (").append(has("otp", parameters, OTPCredentialModel.TYPE))
                    .append(" or ").append(has("builtInCodes", parameters, BuiltInRecoveryCodes.TYPE)).append(')');
            case ENROLLED -> jpql.append(" and ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL));
            case LOW_CODES -> {
                jpql.append(" and ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL));
                parameters.put("codes", ProviderIds.RECOVERY_CODES_CREDENTIAL);
                jpql.append(" and not exists (select c.id from ").append(table.credentials()).append(" c where ")
                        .append(table.userIdOf("c")).append(" = u.id and c.type = :codes");
                for (int i = 0; i < lowPatterns.size(); i++) {
                    parameters.put("low" + i, lowPatterns.get(i));
                    jpql.append(" and c.credentialData not like :low").append(i);
                }
                jpql.append(')');
            }
            // Whether a record locks depends on the time and the realm's policy: LockoutCandidates reads them.
            case LOCKED -> throw new IllegalArgumentException("locked users are found by LockoutCandidates");
        }
        return new Query(jpql.toString(), parameters);
    }

    private String has(String name, Map<String, Object> parameters, String type) {
        parameters.put(name, type);
        return table.hasCredential(name);
    }
}
