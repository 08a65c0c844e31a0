import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Writes credential rows with the classes of the first release (on the class path), calling the same methods its
 * providers call when a user enrols and acknowledges recovery codes: TotpCredentialModel.create, SecretVault.seal,
 * RecoveryCodesCredentialModel.create with the provider's hashing key. Keycloak itself is represented only by the
 * realm id and the realm AES key that the dev fallback reads.
 */
public class FixtureWriter {
    static final String KEYS = "fixture-test-only:VEVTVC1PTkxZIHRvdHAtbWZhIGZpeHR1cmUga2V5ISE=";
    static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        ObjectNode fixture = JSON.createObjectNode();
        fixture.put("sealingKeys", KEYS);
        ArrayNode users = fixture.putArray("users");
        Class<?> keyRingParser = Class.forName("dev.totpmfa.crypto.KeyRingParser");
        Class<?> keyRing = Class.forName("dev.totpmfa.crypto.KeyRing");
        Object configured = keyRing.getMethod("of", List.class)
                .invoke(null, keyRingParser.getMethod("parseList", String.class).invoke(null, KEYS));
        users.add(user("configured-key", configured, UUID.randomUUID().toString(), null));
        byte[] aes = new byte[16];
        RANDOM.nextBytes(aes);
        users.add(user("dev-fallback", keyRing.getMethod("empty").invoke(null), UUID.randomUUID().toString(), aes));
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fixture));
    }

    static ObjectNode user(String sealedWith, Object ring, String realmId, byte[] aes) throws Exception {
        String kid = UUID.randomUUID().toString();
        RealmModel realm = proxy(RealmModel.class, (m, a) -> switch (m.getName()) {
            case "getId" -> realmId;
            case "getName" -> "fixture";
            default -> throw new UnsupportedOperationException(m.getName());
        });
        KeyManager keys = proxy(KeyManager.class, (m, a) -> switch (m.getName()) {
            case "getActiveAesKey" -> new KeyManager.ActiveAesKey(kid, new SecretKeySpec(aes, "AES"));
            case "getAesSecretKey" -> kid.equals(a[1]) ? new SecretKeySpec(aes, "AES") : null;
            default -> throw new UnsupportedOperationException(m.getName());
        });
        KeycloakSession session = proxy(KeycloakSession.class, (m, a) -> switch (m.getName()) {
            case "keys" -> keys;
            default -> throw new UnsupportedOperationException(m.getName());
        });
        Class<?> vaultClass = Class.forName("dev.totpmfa.credential.SecretVault");
        Class<?> sealerClass = Class.forName("dev.totpmfa.crypto.SecretSealer");
        Object vault = vaultClass.getConstructor(Class.forName("dev.totpmfa.crypto.KeyRing"), sealerClass)
                .newInstance(ring, sealerClass.getConstructor(SecureRandom.class).newInstance(RANDOM));

        // TotpCredentialProvider.enrol: the id first, the secret sealed for it, then the row.
        String userId = UUID.randomUUID().toString();
        Class<?> params = Class.forName("dev.totpmfa.otp.OtpParameters");
        Object parameters = params.getField("DEFAULT").get(null);
        Object generator = Class.forName("dev.totpmfa.otp.SecretGenerator").getMethod("withDefaultSize").invoke(null);
        byte[] secret = (byte[]) generator.getClass().getMethod("generate").invoke(generator);
        long now = System.currentTimeMillis();
        long usedStep = now / 1000 / 30;
        String totpId = UUID.randomUUID().toString();
        Object sealed = method(vaultClass, "seal", KeycloakSession.class, RealmModel.class, String.class, byte[].class)
                .invoke(vault, session, realm, totpId, secret);
        Class<?> dataClass = Class.forName("dev.totpmfa.credential.TotpCredentialData");
        Object data = method(dataClass, "enrolled", params, long.class, long.class)
                .invoke(null, parameters, now, usedStep);
        Class<?> modelClass = Class.forName("dev.totpmfa.credential.TotpCredentialModel");
        CredentialModel totp = (CredentialModel) method(modelClass, "create", String.class, String.class, dataClass,
                Class.forName("dev.totpmfa.crypto.SealedSecret")).invoke(null, totpId, "Fixture phone", data, sealed);

        // RecoveryCodesCredentialProvider.replaceSet.
        Object codeGenerator = Class.forName("dev.totpmfa.otp.RecoveryCodeGenerator")
                .getConstructor(SecureRandom.class).newInstance(RANDOM);
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) codeGenerator.getClass().getMethod("generate", int.class)
                .invoke(codeGenerator, 10);
        Class<?> keyClass = Class.forName("dev.totpmfa.crypto.SealingKey");
        Object key = method(vaultClass, "newestKey", KeycloakSession.class, RealmModel.class)
                .invoke(vault, session, realm);
        Class<?> provider = Class.forName("dev.totpmfa.credential.RecoveryCodesCredentialProvider");
        byte[] hashKey = (byte[]) method(provider, "hashKey", keyClass).invoke(null, key);
        Class<?> hasherClass = Class.forName("dev.totpmfa.otp.RecoveryCodeHasher");
        Object hasher = hasherClass.getConstructor(byte[].class).newInstance(hashKey);
        byte[] salt = (byte[]) hasherClass.getMethod("newSalt", SecureRandom.class).invoke(null, RANDOM);
        Method canonicalize = Class.forName("dev.totpmfa.otp.RecoveryCodes").getMethod("canonicalize", String.class);
        List<byte[]> hashes = new java.util.ArrayList<>();
        for (String code : codes) {
            String canonical = (String) ((java.util.Optional<?>) canonicalize.invoke(null, code)).orElseThrow();
            hashes.add((byte[]) hasherClass.getMethod("hash", byte[].class, String.class)
                    .invoke(hasher, salt, canonical));
        }
        Class<?> rcData = Class.forName("dev.totpmfa.credential.RecoveryCodesCredentialData");
        Constructor<?> rcDataConstructor = rcData.getDeclaredConstructor(int.class, int.class, int.class, long.class,
                String.class);
        rcDataConstructor.setAccessible(true);
        Object recoveryData = rcDataConstructor.newInstance(1, codes.size(), codes.size(), now + 1,
                keyClass.getMethod("id").invoke(key));
        String recoveryId = UUID.randomUUID().toString();
        CredentialModel recovery = (CredentialModel) method(Class.forName(
                "dev.totpmfa.credential.RecoveryCodesCredentialModel"), "create", String.class, rcData, byte[].class,
                List.class).invoke(null, recoveryId, recoveryData, salt, hashes);

        ObjectNode entry = JSON.createObjectNode();
        entry.put("sealedWith", sealedWith);
        entry.put("realmId", realmId);
        entry.put("userId", userId);
        entry.put("secretBase32", (String) Class.forName("dev.totpmfa.otp.Base32").getMethod("encode", byte[].class)
                .invoke(null, secret));
        entry.put("algorithm", "HmacSHA1");
        entry.put("digits", 6);
        entry.put("period", 30);
        ArrayNode recoveryCodes = entry.putArray("recoveryCodes");
        codes.forEach(recoveryCodes::add);
        ArrayNode rows = entry.putArray("credentials");
        for (CredentialModel row : List.of(totp, recovery)) {
            rows.addObject().put("id", row.getId()).put("type", row.getType()).put("user_label", row.getUserLabel())
                    .put("created_date", row.getCreatedDate()).put("credential_data", row.getCredentialData())
                    .put("secret_data", row.getSecretData()).put("priority", 10);
        }
        if (aes != null) {
            entry.putObject("realmAesKey").put("kid", kid)
                    .put("secret", Base64.getUrlEncoder().withoutPadding().encodeToString(aes))
                    .put("secretSize", "16").put("priority", "100");
        }
        return entry;
    }

    static Method method(Class<?> type, String name, Class<?>... parameters) throws Exception {
        Method method = type.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }

    interface Answer {
        Object answer(Method method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> m.getName().equals("toString") ? type.getSimpleName() : answer.answer(m, a));
    }
}
