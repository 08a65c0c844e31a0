package dev.totpmfa.it.load;

import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.TestUser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measured phases: rounds of code logins and of direct grants, the arms alternating (and taking turns at going
 * first), then recovery-code logins in our realm. Each round is a closed loop of {@code threads} clients until its
 * time is up; the server's times of a round are the difference of two metric snapshots, since only one arm runs.
 */
final class LoadRounds {

    private static final String AUTHENTICATE = "/realms/{realm}/login-actions/authenticate";
    private static final String TOKEN = "/realms/{realm}/protocol/{protocol}/token";
    /** Only a correct code ends our step and Keycloak's with a redirect to the client. */
    private static final ServerHistograms.Series CODE_POST = new ServerHistograms.Series("POST", AUTHENTICATE,
            "302");
    private static final ServerHistograms.Series GRANT = new ServerHistograms.Series("POST", TOKEN, "200");

    private final LoadArms arms;
    private final LoadSettings settings;
    private final ServerHistograms histograms;
    private final LoadReport report;

    LoadRounds(LoadArms arms, LoadSettings settings, ServerHistograms histograms, LoadReport report) {
        this.arms = arms;
        this.settings = settings;
        this.histograms = histograms;
        this.report = report;
    }

    void codeLogins() throws Exception {
        for (Arm arm : List.of(arms.builtIn, arms.ours)) {
            round(arm, settings.warmup(), CODE_POST, new Figures(), this::codeLogin);
        }
        Figures builtIn = new Figures();
        Figures ours = new Figures();
        alternate(settings.rounds(), settings.round(), CODE_POST, this::codeLogin, builtIn, ours);
        report.codeLogins(builtIn, ours);
    }

    void directGrants() throws Exception {
        Figures builtIn = new Figures();
        Figures ours = new Figures();
        alternate(2, settings.directGrant(), GRANT, this::directGrant, builtIn, ours);
        report.directGrants(builtIn, ours);
    }

    /** {@code rounds} rounds of each arm, the arms taking turns at going first. */
    private void alternate(int rounds, Duration length, ServerHistograms.Series measured, Journey journey,
                           Figures builtIn, Figures ours)
            throws Exception {
        for (int round = 0; round < rounds; round++) {
            boolean builtInFirst = round % 2 == 0;
            round(builtInFirst ? arms.builtIn : arms.ours, length, measured, builtInFirst ? builtIn : ours, journey);
            round(builtInFirst ? arms.ours : arms.builtIn, length, measured, builtInFirst ? ours : builtIn, journey);
        }
    }

    void recoveryLogins() throws Exception {
        Figures ours = new Figures();
        // Its POST answers 200 like the password's: no server series of its own, the client's time only.
        round(arms.ours, settings.recovery(), null, ours, this::recoveryLogin);
        report.recoveryLogins(ours);
    }

    /** One request kind's journey; returns the client-side time of its measured request. */
    private interface Journey {
        long run(Arm arm) throws Exception;
    }

    private void round(Arm arm, Duration length, ServerHistograms.Series measured, Figures figures, Journey journey)
            throws Exception {
        ServerHistograms.Snapshot before = histograms.snapshot();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        long requestNanos = journey.run(arm);
                        if (requestNanos >= 0) {
                            figures.request.add(requestNanos);
                        }
                    } catch (Exception | AssertionError e) {
                        report.error(arm.label(), e);
                    }
                }
            }, "load-" + arm.label() + "-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        long elapsed = System.nanoTime() - start;
        figures.addRound(elapsed, measured == null ? ServerHistograms.Histogram.empty()
                : histograms.snapshot().since(before, measured));
    }

    private long codeLogin(Arm arm) throws Exception {
        LoadUsers.Turn turn = arm.users().take();
        try {
            LoadSession session = new LoadSession(arm.realm().redirectUri());
            session.open(arm.realm().authUrl());
            session.follow(session.post("kc-form-login", LoadArms.passwordForm(turn.user().account)));
            if (!session.hasForm(arm.codeForm())) {
                throw new IllegalStateException("No code form after the password:\n" + session.page());
            }
            long start = System.nanoTime();
            HttpResponse<String> answer = session.post(arm.codeForm(), Map.of("otp", turn.code()));
            long elapsed = System.nanoTime() - start;
            if (!session.reachedClient(answer)) {
                throw new IllegalStateException("Code refused: " + answer.statusCode());
            }
            return elapsed;
        } finally {
            arm.users().giveBack(turn.user());
        }
    }

    private long directGrant(Arm arm) throws Exception {
        LoadUsers.Turn turn = arm.users().take();
        try {
            TestUser account = turn.user().account;
            long start = System.nanoTime();
            HttpResponse<String> answer = LoadSession.postForm(arm.tokenUrl(), Map.of("grant_type", "password",
                    "client_id", Arm.DIRECT_GRANT_CLIENT, "username", account.username(), "password",
                    account.password(), "otp", turn.code()));
            long elapsed = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Direct grant refused: " + answer.statusCode() + " "
                        + answer.body().substring(0, Math.min(200, answer.body().length())));
            }
            return elapsed;
        } finally {
            arm.users().giveBack(turn.user());
        }
    }

    /** Our recovery-code login; -1 (nothing recorded) once every code is spent. */
    private long recoveryLogin(Arm arm) throws Exception {
        LoadUsers.RecoveryTurn turn = arm.users().takeRecoveryCode();
        if (turn == null) {
            Thread.sleep(100);
            return -1;
        }
        LoadSession session = new LoadSession(arm.realm().redirectUri());
        session.open(arm.realm().authUrl());
        session.follow(session.post("kc-form-login", LoadArms.passwordForm(turn.account())));
        long start = System.nanoTime();
        session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", turn.code()));
        long elapsed = System.nanoTime() - start;
        if (!session.page().contains("id=\"totp-mfa-recovery-remaining\"")) {
            throw new IllegalStateException("Recovery code refused:\n" + session.page());
        }
        HttpResponse<String> answer = session.follow(session.post(HttpJourneys.OFFER_FORM,
                Map.of("recoveryOffer", "skip")));
        if (!session.reachedClient(answer)) {
            throw new IllegalStateException("Recovery login did not reach the client: " + answer.statusCode());
        }
        return elapsed;
    }
}
