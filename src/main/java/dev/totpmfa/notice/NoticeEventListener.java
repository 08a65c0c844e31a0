package dev.totpmfa.notice;

import dev.totpmfa.config.NoticeSettings;
import dev.totpmfa.setup.ThemeText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * Mails the user about changes to their second factor. Notices are collected during the request and sent only
 * after its transaction committed, so a rolled-back enrolment never announces a device.
 */
final class NoticeEventListener implements EventListenerProvider {

    static final String TEMPLATE = "totp-mfa-notice.ftl";
    private static final Logger LOG = Logger.getLogger(NoticeEventListener.class);

    private final KeycloakSession session;
    private final NoticeSettings settings;
    private final List<Pending> pending = new ArrayList<>();

    NoticeEventListener(KeycloakSession session, NoticeSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void onEvent(Event event) {
        Notice.of(event).ifPresent(notice -> queue(event.getRealmId(), event.getUserId(), notice));
    }

    /** Users hear of an admin removing their device or recovery codes: nobody else would tell them. */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        Notice.of(event).ifPresent(notice -> queue(event.getRealmId(), Notice.userIdOf(event).orElseThrow(), notice));
    }

    private void queue(String realmId, String userId, Notice notice) {
        if (!settings.isEnabled(notice.kind())) {
            return;
        }
        // Realm and user are read now, inside the transaction; after the commit there is none to read with.
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || realm.getSmtpConfig() == null || realm.getSmtpConfig().get("host") == null) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
            return;
        }
        if (pending.isEmpty()) {
            session.getTransactionManager().enlistAfterCompletion(new SendAfterCommit());
        }
        pending.add(new Pending(realm, user, notice));
    }

    @Override
    public void close() {
        // Nothing held.
    }

    private void send(Pending item) {
        RealmModel realm = item.realm();
        UserModel user = item.user();
        Notice notice = item.notice();
        String bodyKey = notice.messageKeyPrefix() + "Body";
        String realmName = realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName();
        String label = notice.deviceLabel() == null || notice.deviceLabel().isBlank()
                ? ThemeText.unnamedDevice(session, Theme.Type.EMAIL, realm, user)
                : notice.deviceLabel();
        Map<String, Object> attributes = new HashMap<>();
        // The sentence itself, formatted here: msg() of Keycloak before 26.6 cannot put a number into {2,choice}.
        attributes.put("noticeBody", ThemeText.format(session, Theme.Type.EMAIL, realm, user, bodyKey, bodyKey,
                realmName, label, notice.remaining()));
        attributes.put("noticeBodyKey", bodyKey);
        attributes.put("noticeClosingKey", notice.closingMessageKey());
        attributes.put("deviceLabel", notice.deviceLabel());
        attributes.put("recoveryCodesRemaining", notice.remaining());
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(notice.messageKeyPrefix() + "Subject", List.of(realmName), TEMPLATE, attributes);
        } catch (EmailException e) {
            // The user's change stands; only the notice is lost. The address and error say what to fix.
            LOG.warnf("keycloak-totp-mfa: could not send the %s notice to user %s in realm %s: %s",
                    notice.kind().option(), user.getId(), realm.getName(), e.getMessage());
        }
    }

    private record Pending(RealmModel realm, UserModel user, Notice notice) {
    }

    private final class SendAfterCommit extends AbstractKeycloakTransaction {
        @Override
        protected void commitImpl() {
            pending.forEach(NoticeEventListener.this::send);
        }

        @Override
        protected void rollbackImpl() {
            pending.clear();
        }
    }
}
