package dev.totpmfa.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Settings of the {@code totp-mfa-recovery-codes} required action, validated when an admin saves them. */
public final class RecoveryCodesSettings {

    static final IntSetting COUNT = new IntSetting("recovery-code-count", "Number of recovery codes",
            "How many single-use codes a new set holds.", 10, 5, 20);

    private final int count;

    private RecoveryCodesSettings(int count) {
        this.count = count;
    }

    /** @throws InvalidSettingException naming the key when a value is out of range */
    public static RecoveryCodesSettings parse(Map<String, String> config) {
        return new RecoveryCodesSettings(COUNT.parse(config));
    }

    public int count() {
        return count;
    }

    public static List<ProviderConfigProperty> configProperties() {
        return new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(COUNT.key()).label(COUNT.label()).helpText(COUNT.helpWithRange())
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(COUNT.defaultValue()).add()
                .build());
    }
}
