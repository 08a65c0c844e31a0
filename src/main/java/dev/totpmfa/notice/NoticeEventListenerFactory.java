package dev.totpmfa.notice;

import dev.totpmfa.config.NoServerSetup;
import dev.totpmfa.config.NoticeSettings;
import dev.totpmfa.names.ProviderIds;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** A global listener: notices work in every realm without adding a listener in its event settings. */
public final class NoticeEventListenerFactory
        implements EventListenerProviderFactory, NoServerSetup<EventListenerProvider> {

    public static final String PROVIDER_ID = ProviderIds.NOTICES_LISTENER;

    private NoticeSettings settings;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        settings = NoticeSettings.from(config);
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new NoticeEventListener(session, settings);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return NoticeSettings.configProperties();
    }
}
