package dev.totpmfa.it.load;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.BuiltInOtpCredentials;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two realms of the load benchmark and their users: Keycloak's own browser and direct-grant flows (conditional
 * OTP) with users holding Keycloak's {@code otp} credential, written through the admin API; ours with our form and
 * direct-grant step, users enrolled through our real setup page (whose server time is measured on the way) with
 * their recovery codes. Same OTP policy (Keycloak's default), same cheap password hashing, no stored events in
 * either.
 */
final class LoadArms implements AutoCloseable {

    static final String BUILT_IN_CODE_FORM = "kc-otp-login-form";
    private static final String OUR_DIRECT_GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String OUR_DIRECT_GRANT_STEP = ProviderIds.DIRECT_GRANT;
    private static final Pattern OTPAUTH_LINK = Pattern.compile("<a\\b[^>]*\\bid=\"totp-mfa-otpauth\"[^>]*>");
    private static final Pattern HREF = Pattern.compile("\\bhref=\"([^\"]*)\"");
    private static final Pattern RECOVERY_CODE = Pattern.compile(
            "<li\\b[^>]*class=\"totp-mfa-recovery-code\"[^>]*>\\s*([^<]*?)\\s*</li>");
    private static final SecureRandom RANDOM = new SecureRandom();

    final Arm builtIn;
    final Arm ours;
    private final AdminApi admin;

    private LoadArms(Arm builtIn, Arm ours, AdminApi admin) {
        this.builtIn = builtIn;
        this.ours = ours;
        this.admin = admin;
    }

    static LoadArms provision(KeycloakTarget keycloak, AdminApi admin, LoadSettings settings,
                              ServerHistograms histograms, LoadReport report)
            throws Exception {
        TestRealm.OtpPolicy policy = TestRealm.OtpPolicy.DEFAULT;
        TestRealm ours = TestRealm.create(keycloak, admin, "load-ours", policy).enableRecoveryCodes();
        admin.flows().installDirectGrantFlow(ours.name(), OUR_DIRECT_GRANT_FLOW, OUR_DIRECT_GRANT_STEP);

        String builtInName = "it-load-builtin-" + hex(4);
        admin.realms().createRealm(admin.json().createObjectNode().put("realm", builtInName).put("enabled", true)
                .put("bruteForceProtected", false));
        admin.realms().setOtpPolicy(builtInName, policy.algorithm(), policy.digits(), policy.periodSeconds());
        TestRealm builtIn = TestRealm.existing(keycloak, admin, builtInName);

        for (TestRealm realm : List.of(builtIn, ours)) {
            realm.useFastPasswordHashing();
            // Keycloak takes a new window only with the whole policy (otpPolicyType present).
            admin.realms().updateRealm(realm.name(), admin.json().createObjectNode()
                    .put("otpPolicyType", "totp")
                    .put("otpPolicyAlgorithm", policy.algorithm())
                    .put("otpPolicyDigits", policy.digits())
                    .put("otpPolicyPeriod", policy.periodSeconds())
                    .put("otpPolicyLookAheadWindow", settings.window()));
            admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("eventsEnabled", false)
                    .put("adminEventsEnabled", false));
            admin.clients().createDirectGrantClient(realm.name(), Arm.DIRECT_GRANT_CLIENT);
        }
        LoadArms arms = new LoadArms(
                new Arm("built-in", builtIn, BUILT_IN_CODE_FORM, new LoadUsers(), tokenUrl(keycloak, builtIn)),
                new Arm("ours", ours, HttpJourneys.LOGIN_FORM, new LoadUsers(), tokenUrl(keycloak, ours)), admin);
        try {
            arms.createBuiltInUsers(settings);
            arms.enrolOurUsers(settings, histograms, report);
        } catch (Exception | Error e) {
            arms.close();
            throw e;
        }
        return arms;
    }

    private static String tokenUrl(KeycloakTarget keycloak, TestRealm realm) {
        return keycloak.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/token";
    }

    private void createBuiltInUsers(LoadSettings settings) throws Exception {
        inParallel(settings.threads(), settings.users(), i -> {
            String secretText = hex(10);
            String username = "builtin-" + i;
            String password = "pw-" + hex(8);
            String id = admin.users().createUserWithBuiltInTotp(builtIn.name(), username, password, secretText,
                    TestRealm.OtpPolicy.DEFAULT.algorithm(), 6, 30);
            TotpDevice phone = BuiltInOtpCredentials.phoneFor(secretText, OtpParameters.DEFAULT, username);
            builtIn.users().add(new LoadUsers.User(new TestUser(id, username, password), phone, List.of(),
                    settings.window()));
            return null;
        });
    }

    /**
     * Enrols through the setup page in two passes, so that the server-time histograms of the first pass hold the
     * setup page alone (the recovery-codes page, a required action too, comes in the second).
     */
    private void enrolOurUsers(LoadSettings settings, ServerHistograms histograms, LoadReport report)
            throws Exception {
        List<TestUser> accounts = inParallel(settings.threads(), settings.users(), i -> {
            String username = "ours-" + i;
            String password = "pw-" + hex(8);
            return new TestUser(admin.users().createUser(ours.name(), username, password), username, password);
        });
        // The first half warms the server's code up; the second half is measured.
        int half = accounts.size() / 2;
        List<LoadSession> sessions = new ArrayList<>(toSetupPage(settings, accounts.subList(0, half), new Latencies()));
        Latencies setupPage = new Latencies();
        ServerHistograms.Snapshot before = histograms.snapshot();
        sessions.addAll(toSetupPage(settings, accounts.subList(half, accounts.size()), setupPage));
        report.setupPage(setupPage, histograms.snapshot().changesSince(before));
        inParallel(settings.threads(), sessions.size(), i -> {
            ours.users().add(finishEnrolment(sessions.get(i), accounts.get(i), settings.window()));
            return null;
        });
    }

    /** Logs each user in with the password, up to our setup page; the sessions, waiting there. */
    private List<LoadSession> toSetupPage(LoadSettings settings, List<TestUser> accounts, Latencies times)
            throws Exception {
        return inParallel(settings.setupThreads(), accounts.size(), i -> {
            LoadSession session = new LoadSession(ours.realm().redirectUri());
            session.open(ours.realm().authUrl());
            long start = System.nanoTime();
            HttpResponse<String> answer = session.follow(session.post("kc-form-login", passwordForm(accounts.get(i))));
            times.add(System.nanoTime() - start);
            if (!session.hasForm(HttpJourneys.SETUP_FORM)) {
                throw new IllegalStateException("No setup page for " + accounts.get(i).username() + ": "
                        + answer.statusCode() + "\n" + session.page());
            }
            return session;
        });
    }

    private LoadUsers.User finishEnrolment(LoadSession session, TestUser account, int window) {
        TotpDevice phone = TotpDevice.scan(OtpAuthUri.parse(otpauthUri(session.page())));
        LoadUsers.User user = new LoadUsers.User(account, phone, List.of(), window);
        HttpResponse<String> answer = session.follow(session.post(HttpJourneys.SETUP_FORM,
                Map.of("totp", user.takeCode(), "userLabel", "Phone")));
        List<String> codes = new ArrayList<>();
        Matcher code = RECOVERY_CODE.matcher(session.page());
        while (code.find()) {
            codes.add(code.group(1));
        }
        if (session.hasForm(HttpJourneys.RECOVERY_CODES_FORM)) {
            answer = session.follow(session.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on")));
        }
        if (!session.reachedClient(answer) || codes.isEmpty()) {
            throw new IllegalStateException("Enrolment of " + account.username() + " did not finish: "
                    + answer.statusCode() + "\n" + session.page());
        }
        user.recoveryCodes.addAll(codes);
        return user;
    }

    static Map<String, String> passwordForm(TestUser user) {
        return Map.of("username", user.username(), "password", user.password(), "credentialId", "");
    }

    private static String otpauthUri(String page) {
        Matcher link = OTPAUTH_LINK.matcher(page);
        if (!link.find()) {
            throw new IllegalStateException("No a#totp-mfa-otpauth on the setup page:\n" + page);
        }
        Matcher href = HREF.matcher(link.group());
        if (!href.find()) {
            throw new IllegalStateException("a#totp-mfa-otpauth has no href");
        }
        return href.group(1).replace("&#x3D;", "=").replace("&#61;", "=").replace("&amp;", "&");
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code task} for 0 … count-1 on {@code threads} threads; the results in index order. */
    static <T> List<T> inParallel(int threads, int count, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Override
    public void close() {
        if (!Boolean.getBoolean("it.keepRealms")) {
            admin.realms().deleteRealm(builtIn.name());
            ours.realm().close();
        }
    }
}
