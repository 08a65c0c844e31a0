package dev.totpmfa.config;

import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.KeyRingParser;
import dev.totpmfa.crypto.SealingKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;

/**
 * Where the keys that seal TOTP secrets come from: server options of the {@code totp-mfa} credential provider,
 * never the database. Both options may be used; file keys come first, so the list option's last key is the
 * newest.
 * <pre>
 *   --spi-credential--totp-mfa--sealing-keys=2026a:BASE64,2026b:BASE64
 *   --spi-credential--totp-mfa--sealing-keys-file=/run/secrets/totp-mfa-keys
 * </pre>
 */
public final class SealingSettings {

    public static final String SEALING_KEYS = "sealing-keys";
    public static final String SEALING_KEYS_FILE = "sealing-keys-file";

    private SealingSettings() {
    }

    /**
     * Whether Keycloak runs in production mode: {@code kc.sh start-dev} sets {@code kc.profile=dev}; {@code kc.sh
     * start} does not.
     */
    public static boolean isProductionMode() {
        String profile = System.getProperty("kc.profile", System.getenv("KC_PROFILE"));
        return !"dev".equalsIgnoreCase(profile);
    }

    /**
     * @throws IllegalArgumentException when a configured key is malformed or uses the reserved id prefix: the
     *                                  server must not start with a key it cannot use, or it would seal with the
     *                                  wrong one
     */
    public static KeyRing keyRing(Config.Scope config) {
        List<SealingKey> keys = new ArrayList<>();
        String file = config.get(SEALING_KEYS_FILE);
        if (file != null && !file.isBlank()) {
            keys.addAll(KeyRingParser.parseFile(Path.of(file.strip())));
        }
        keys.addAll(KeyRingParser.parseList(config.get(SEALING_KEYS)));
        return KeyRing.of(keys);
    }
}
