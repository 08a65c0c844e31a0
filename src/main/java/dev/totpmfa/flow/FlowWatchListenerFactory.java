package dev.totpmfa.flow;

import dev.totpmfa.config.GlobalListenerFactory;
import dev.totpmfa.names.ProviderIds;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Reviews every realm's sign-in flows at startup, and a realm's again whenever an admin changes its flows, its
 * bindings or its clients (whose overrides bind flows). A global listener: no realm has to enable it.
 */
public final class FlowWatchListenerFactory extends GlobalListenerFactory {

    private static final Logger LOG = Logger.getLogger(FlowWatchListenerFactory.class);
    private static final Set<ResourceType> FLOW_RESOURCES = Set.of(ResourceType.REALM, ResourceType.AUTH_FLOW,
            ResourceType.AUTH_EXECUTION, ResourceType.AUTH_EXECUTION_FLOW, ResourceType.AUTHENTICATOR_CONFIG,
            ResourceType.CLIENT, ResourceType.IDENTITY_PROVIDER);

    public FlowWatchListenerFactory() {
        super(ProviderIds.FLOW_WATCH_LISTENER, FlowWatchListenerFactory::listener);
    }

    private static EventListenerProvider listener(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                // Logins change no flow.
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getResourceType() != null && FLOW_RESOURCES.contains(event.getResourceType())) {
                    reviewAfterChange(session, event.getRealmId());
                }
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }

    private static void reviewAfterChange(KeycloakSession session, String realmId) {
        FlowWatch.forget(realmId);
        reviewSafely(realmId, () -> {
            RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
            if (realm != null) {
                reviewIn(session, realm);
            }
        });
    }

    /**
     * Reviews with the realm as the session's realm: Keycloak reads a realm's identity providers through the
     * session's realm, which is null at startup (a NullPointerException on "currentRealm" otherwise) and may be
     * another realm's during an admin request.
     */
    private static void reviewIn(KeycloakSession session, RealmModel realm) {
        RealmModel before = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            FlowWatch.review(realm);
        } finally {
            session.getContext().setRealm(before);
        }
    }

    /** A review is advice: neither an admin's change nor the startup may fail because of it. */
    private static void reviewSafely(String realm, Runnable review) {
        try {
            review.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "keycloak-totp-mfa: could not review the sign-in flows of realm %s", realm);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .forEach(realm -> reviewSafely(realm.getName(), () -> reviewIn(session, realm))));
            }
        });
    }
}
