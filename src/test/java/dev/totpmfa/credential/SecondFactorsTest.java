package dev.totpmfa.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.ProviderIds;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

/**
 * Which of a user's credentials count as another provider's second factor: what the provider's metadata declares
 * (two-factor), never our own rows, never a passkey, and a provider whose metadata fails counts (fail closed).
 */
class SecondFactorsTest {

    private static final Map<String, CredentialTypeMetadata.Category> PROVIDERS = Map.of(
            "password", CredentialTypeMetadata.Category.BASIC_AUTHENTICATION,
            "webauthn", CredentialTypeMetadata.Category.TWO_FACTOR,
            "webauthn-passwordless", CredentialTypeMetadata.Category.PASSWORDLESS,
            "sms-code", CredentialTypeMetadata.Category.TWO_FACTOR,
            ProviderIds.TRUSTED_BROWSER_CREDENTIAL, CredentialTypeMetadata.Category.TWO_FACTOR,
            ProviderIds.USER_STATE_CREDENTIAL, CredentialTypeMetadata.Category.TWO_FACTOR);
    /** A provider whose metadata cannot be built. */
    private static final String BROKEN = "broken-factor";

    @Test
    void aSecurityKeyOrAnyExtensionsTwoFactorCredentialCounts() {
        assertThat(others("password", "webauthn")).containsExactly("webauthn");
        assertThat(others("password", "sms-code", "webauthn", "webauthn")).containsExactly("sms-code", "webauthn");
    }

    @Test
    void passkeysPasswordsAndOurOwnRowsDoNot() {
        assertThat(others("password", "webauthn-passwordless", ProviderIds.TRUSTED_BROWSER_CREDENTIAL,
                ProviderIds.USER_STATE_CREDENTIAL))
                .isEmpty();
    }

    @Test
    void aTypeNoDeployedProviderStoresDoesNotButABrokenProviderDoes() {
        assertThat(others("left-over-from-a-removed-extension")).isEmpty();
        assertThat(others(BROKEN)).containsExactly(BROKEN);
    }

    private static List<String> others(String... storedTypes) {
        List<CredentialModel> stored = Arrays.stream(storedTypes).map(type -> {
            CredentialModel credential = new CredentialModel();
            credential.setType(type);
            return credential;
        }).toList();
        SubjectCredentialManager credentials = stub(SubjectCredentialManager.class,
                Map.of("getStoredCredentialsStream", args -> stored.stream()));
        UserModel user = stub(UserModel.class, Map.of("credentialManager", args -> credentials));
        KeycloakSession session = session();
        return SecondFactors.others(session, user);
    }

    private static KeycloakSession session() {
        KeycloakContext context = stub(KeycloakContext.class, Map.of("getRealm", args -> null));
        KeycloakSession[] session = new KeycloakSession[1];
        KeycloakSessionFactory factory = stub(KeycloakSessionFactory.class, Map.of(
                "getProviderFactoriesStream", args -> Stream.concat(PROVIDERS.keySet().stream(), Stream.of(BROKEN))
                        .map(SecondFactorsTest::providerFactory)));
        session[0] = stub(KeycloakSession.class, Map.of(
                "getKeycloakSessionFactory", args -> factory,
                "getContext", args -> context,
                "getProvider", args -> provider((String) args[1], session[0])));
        return session[0];
    }

    private static CredentialProviderFactory<?> providerFactory(String type) {
        return stub(CredentialProviderFactory.class, Map.of("getId", args -> "provider-of-" + type));
    }

    private static CredentialProvider<?> provider(String factoryId, KeycloakSession session) {
        String type = factoryId.substring("provider-of-".length());
        return stub(CredentialProvider.class, Map.of(
                "getType", args -> type,
                "getCredentialTypeMetadata", args -> {
                    if (BROKEN.equals(type)) {
                        throw new IllegalStateException("metadata needs something this test does not have");
                    }
                    return CredentialTypeMetadata.builder().type(type).category(PROVIDERS.get(type))
                            .displayName(type).helpText(type).iconCssClass("icon").removeable(true)
                            .build(session);
                }));
    }

    /** An implementation of {@code type} that answers the named methods and refuses every other. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(SecondFactorsTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer != null) {
                        return answer.apply(args);
                    }
                    if (method.getName().equals("toString")) {
                        return type.getSimpleName() + " stub";
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                });
    }
}
