package dev.totpmfa.it.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakServer;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not part of any build (its name does not end in IT): counts the SQL statements that one code POST sends, and the
 * password POST before it (which shows the code page), ours against Keycloak's own OTP form, from Hibernate's
 * statement log. It explains the load benchmark's latency ratios (docs/BENCHMARKS.md, "Where the code POST's time
 * goes") without depending on a quiet machine. Run alone:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -DskipClusterIT=true
 * -DskipOtherKeycloakVersions=true -DskipUpgradeIT=true -Dit.test=SqlPerCodePost}.
 */
@KeycloakIT
class SqlPerCodePost {

    private static final int LOGINS_PER_ARM = 6;
    private static final int USERS_PER_ARM = 2;

    @Test
    void statementsOfOneCodePost(KeycloakTarget keycloak, AdminApi admin) throws Exception {
        assumeTrue(keycloak instanceof KeycloakServer, "runs on the distribution only");
        keycloak.restart(List.of(KeycloakServer.PRODUCTION_MODE, "--log-level=INFO,org.hibernate.SQL:debug",
                "--spi-credential--totp-mfa--sealing-keys=probe:" + randomKey()));
        LoadSettings settings = new LoadSettings(USERS_PER_ARM, 10, 1, 1, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), false);
        LoadReport report = new LoadReport(settings, KeycloakTargets.keycloakVersion());
        ServerHistograms histograms = new ServerHistograms(((KeycloakServer) keycloak).managementUrl());
        try (LoadArms arms = LoadArms.provision(keycloak, admin, settings, histograms, report)) {
            Map<String, List<String>> last = new LinkedHashMap<>();
            for (Arm arm : List.of(arms.builtIn, arms.ours)) {
                List<Integer> counts = new ArrayList<>();
                List<Integer> passwordCounts = new ArrayList<>();
                for (int i = 0; i < LOGINS_PER_ARM; i++) {
                    Login login = login(keycloak, arm);
                    counts.add(login.codePost().size());
                    passwordCounts.add(login.passwordPost().size());
                    last.put(arm.label() + " (code POST)", login.codePost());
                    last.put(arm.label() + " (password POST)", login.passwordPost());
                }
                System.out.println("[sql] " + arm.label() + ": statements per password POST " + passwordCounts);
                System.out.println("[sql] " + arm.label() + ": statements per code POST " + counts);
            }
            last.forEach((label, statements) -> {
                System.out.println("[sql] " + label + ", the last login:");
                statements.forEach(statement -> System.out.println("[sql]   " + statement));
            });
            assertThat(last).hasSize(4);
        } finally {
            keycloak.ensureStartedWithDefaults();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The Hibernate statements logged while the password POST and the code POST of one login ran. */
    private record Login(List<String> passwordPost, List<String> codePost) {
    }

    private static Login login(KeycloakTarget keycloak, Arm arm) throws Exception {
        LoadUsers.Turn turn = arm.users().take();
        try {
            LoadSession session = new LoadSession(arm.realm().redirectUri());
            session.open(arm.realm().authUrl());
            int passwordMark = keycloak.serverLog().length();
            session.follow(session.post("kc-form-login", LoadArms.passwordForm(turn.user().account)));
            Thread.sleep(300);
            int mark = keycloak.serverLog().length();
            List<String> passwordPost = statements(keycloak.serverLog().substring(passwordMark, mark));
            HttpResponse<String> answer = session.post(arm.codeForm(), Map.of("otp", turn.code()));
            if (!session.reachedClient(answer)) {
                throw new IllegalStateException("Code refused: " + answer.statusCode());
            }
            Thread.sleep(300);
            return new Login(passwordPost, statements(keycloak.serverLog().substring(mark)));
        } finally {
            arm.users().giveBack(turn.user());
        }
    }

    private static List<String> statements(String log) {
        return log.lines()
                .filter(line -> line.contains("org.hibernate.SQL"))
                .map(line -> line.substring(line.indexOf("org.hibernate.SQL")).replaceAll("\\s+", " "))
                .toList();
    }
}
