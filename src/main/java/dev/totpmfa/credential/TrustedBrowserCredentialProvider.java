package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.crypto.SecretBinding;
import dev.totpmfa.trust.BrowserLabel;
import dev.totpmfa.trust.ListedTime;
import dev.totpmfa.trust.TokenHash;
import dev.totpmfa.trust.TrustCookie;
import dev.totpmfa.trust.TrustDecisions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialMetadata;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Trusted browsers: a row per browser holding a keyed hash of the token its cookie carries, with a sealed random
 * key per row (as for recovery codes). Everything is in the database, so trust holds on every node of a cluster
 * and after a restart, and deleting the row ends it everywhere at once.
 */
public final class TrustedBrowserCredentialProvider extends SealedCredentialProvider<TrustedBrowserCredentialModel> {

    private static final Logger LOG = Logger.getLogger(TrustedBrowserCredentialProvider.class);
    /** Message keys of what the account console lists beside each trusted browser. */
    static final String EXPIRES_KEY = "totpMfaTrustedBrowserExpires";
    static final String LAST_USED_KEY = "totpMfaTrustedBrowserLastUsed";

    private final SecureRandom random;

    /** This session's provider (registered by {@link TrustedBrowserCredentialProviderFactory}). */
    public static TrustedBrowserCredentialProvider of(KeycloakSession session) {
        return (TrustedBrowserCredentialProvider) session.getProvider(CredentialProvider.class,
                TrustedBrowserCredentialModel.TYPE);
    }

    TrustedBrowserCredentialProvider(KeycloakSession session, SecretVault vault, SecureRandom random, Clock clock) {
        super(TrustedBrowserCredentialModel.TYPE, TrustedBrowserCredentialModel::createFromModel, session, vault,
                clock);
        this.random = random;
    }

    /** A new trusted browser and the cookie value that proves it; the row stored, the token only returned. */
    public record Trusted(TrustedBrowserCredentialModel credential, TrustCookie.Value cookie) {
    }

    /**
     * Stores a new trusted browser for {@code days} days, labelled {@code label} or, where the user has a browser of
     * that label, with a number after it. Under the user's state lock, expired rows go, and the oldest
     * go until {@value TrustDecisions#MAX_PER_USER} remain with the new one, also when two browsers are trusted at
     * the same moment.
     */
    public Trusted trust(RealmModel realm, UserModel user, String label, int days) {
        Instant now = clock.instant();
        UserStateRows.hold(session, realm, user);
        CredentialRows rows = new CredentialRows(session);
        Map<String, TrustDecisions.Entry> known = readable(user).stream()
                .collect(Collectors.toMap(CredentialModel::getId, TrustedBrowserCredentialModel::entry));
        // A row committed by another node since this node cached the user counts as the newest.
        List<TrustDecisions.Entry> committed = rows.committedIds(user, getType()).stream()
                .map(id -> known.getOrDefault(id, new TrustDecisions.Entry(id, now, Instant.MAX)))
                .toList();
        TrustDecisions.toRemoveBeforeAdding(committed, now, TrustDecisions.MAX_PER_USER)
                .forEach(id -> user.credentialManager().removeStoredCredentialById(id));

        String uniqueLabel = BrowserLabel.unique(label, rows.committedLabels(user, getType()));
        String id = KeycloakModelUtils.generateId();
        TrustCookie.Value cookie = TrustCookie.issue(id, random);
        byte[] hashKey = new byte[TokenHash.KEY_BYTES];
        random.nextBytes(hashKey);
        byte[] token = cookie.token();
        try {
            SealedSecret sealedKey = vault.seal(session, realm,
                    new SecretBinding(realm.getId(), user.getId(), id, getType()), hashKey);
            TrustedBrowserCredentialData data = new TrustedBrowserCredentialData(
                    TrustedBrowserCredentialData.CURRENT_FORMAT, now.toEpochMilli(),
                    TrustDecisions.expiry(now, days).toEpochMilli(), now.toEpochMilli());
            TrustedBrowserCredentialModel stored = createCredential(realm, user,
                    TrustedBrowserCredentialModel.create(id, uniqueLabel, data, sealedKey,
                            TokenHash.of(hashKey, token)));
            return new Trusted(stored, cookie);
        } finally {
            Arrays.fill(hashKey, (byte) 0);
            Arrays.fill(token, (byte) 0);
        }
    }

    /**
     * The user's trusted browser that this cookie proves, honoured under the step's current period, with its last
     * use recorded; empty (and nothing changed) for a row of someone else, a missing, expired or unreadable row, or
     * a token that does not match.
     */
    public Optional<TrustedBrowserCredentialModel> verify(RealmModel realm, UserModel user, TrustCookie.Value cookie,
                                                          int currentDays) {
        Instant now = clock.instant();
        Optional<TrustedBrowserCredentialModel> row = readable(user).stream()
                .filter(candidate -> candidate.getId().equals(cookie.credentialId()))
                .findFirst();
        if (row.isEmpty() || !TrustDecisions.honoured(row.get().entry(), now, currentDays)) {
            return Optional.empty();
        }
        TrustedBrowserCredentialModel browser = row.get();
        byte[] hashKey;
        try {
            hashKey = vault.open(session, realm, SecretVault.binding(realm, user, browser), browser.sealedHashKey());
        } catch (RuntimeException e) {
            LOG.errorf("Cannot check trusted browser %s in realm %s: %s", browser.getId(), realm.getName(),
                    e.getMessage());
            return Optional.empty();
        }
        byte[] token = cookie.token();
        try {
            if (!TokenHash.matches(hashKey, token, browser.hash())) {
                return Optional.empty();
            }
        } finally {
            Arrays.fill(hashKey, (byte) 0);
            Arrays.fill(token, (byte) 0);
        }
        TrustedBrowserCredentialModel used = browser.usedAt(now.toEpochMilli());
        user.credentialManager().updateStoredCredential(used);
        return Optional.of(used);
    }

    /** Ends the trust of every browser of the user; returns how many there were. */
    public int revokeAll(UserModel user) {
        List<String> ids = storedRows(user).map(CredentialModel::getId).toList();
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        return ids.size();
    }

    public List<TrustedBrowserCredentialModel> readable(UserModel user) {
        return storedRows(user)
                .map(TrustedBrowserCredentialProvider::readOrNull)
                .filter(model -> model != null)
                .toList();
    }

    private static TrustedBrowserCredentialModel readOrNull(CredentialModel model) {
        try {
            return TrustedBrowserCredentialModel.createFromModel(model);
        } catch (IllegalArgumentException e) {
            LOG.warnf("keycloak-totp-mfa: %s; it is never honoured", e.getMessage());
            return null;
        }
    }

    /**
     * The account console lists each trusted browser by its label ("Chrome on Linux") and created date; these add
     * when its trust ends and when it last skipped the code, so that a user can tell which one to remove.
     */
    @Override
    public CredentialMetadata getCredentialMetadata(TrustedBrowserCredentialModel credential,
                                                    CredentialTypeMetadata typeMetadata) {
        CredentialMetadata metadata = new CredentialMetadata();
        metadata.setCredentialModel(credential);
        metadata.setInfoProperties(List.of(
                new CredentialMetadata.LocalizedMessage(EXPIRES_KEY,
                        new Object[] {ListedTime.of(credential.expires())}),
                new CredentialMetadata.LocalizedMessage(LAST_USED_KEY,
                        new Object[] {ListedTime.of(credential.lastUsed())})));
        return metadata;
    }

    /** Listed in the account console under two-factor authentication; removable there, never created there. */
    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        // Ending a trust only takes a shortcut away, so a session the trust itself passed may do it: it is the way
        // GUIDE gives to remove an app from a trusted browser (end the trust, then sign in with a code).
        return twoFactorMetadata("totpMfaTrustedBrowserDisplayName", "totpMfaTrustedBrowserHelpText",
                "kcAuthenticatorDefaultClass").removeable(true).build(session);
    }
}
