package dev.totpmfa.it.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakServer;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.Postgres;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not part of any build (its name does not end in IT): the login load benchmark of docs/BENCHMARKS.md ("Load
 * benchmark"). One Keycloak in production mode with HTTP metrics, two realms with the same OTP policy and the same
 * cheap password hashing: Keycloak's own OTP form in one, ours in the other. Alternating rounds of each arm, so that
 * the machine's other load falls on both; the figures are the ratios ours / built-in from this one run. Run alone:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -DskipClusterIT=true
 * -DskipOtherKeycloakVersions=true -DskipUpgradeIT=true -Dit.test=LoginLoadBenchmark} (add {@code -Dload.short=true}
 * for a quick look, {@code -Dload.db=postgres} for the machine's PostgreSQL instead of H2). Settings:
 * {@link LoadSettings}.
 */
@KeycloakIT
class LoginLoadBenchmark {

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void ourCodeStepAgainstKeycloaksOwn(KeycloakTarget keycloak, AdminApi admin) throws Exception {
        assumeTrue(keycloak instanceof KeycloakServer, "runs on the distribution only (it needs its metrics)");
        LoadSettings settings = LoadSettings.fromSystemProperties();
        // As in production: a configured sealing key, Keycloak's default logging (the ITs log our package at DEBUG).
        List<String> options = new ArrayList<>(List.of(KeycloakServer.PRODUCTION_MODE, "--metrics-enabled=true",
                "--http-metrics-histograms-enabled=true", "--log-level=INFO",
                "--spi-events-listener--jboss-logging--success-level=debug",
                "--spi-credential--totp-mfa--sealing-keys=load:" + randomKey()));
        Postgres.Database database = settings.postgres() ? Postgres.createDatabase("totp_mfa_load") : null;
        if (database != null) {
            options.addAll(database.serverOptions());
        }
        try {
            keycloak.restart(options);
            run(keycloak, admin, settings);
        } finally {
            if (database != null) {
                // The shared server goes back to its defaults (H2) before its database is dropped.
                keycloak.restart(List.of());
                database.drop();
            }
        }
    }

    private static void run(KeycloakTarget keycloak, AdminApi admin, LoadSettings settings) throws Exception {
        LoadReport report = new LoadReport(settings, KeycloakTargets.keycloakVersion());
        ServerHistograms histograms = new ServerHistograms(((KeycloakServer) keycloak).managementUrl());
        try (LoadArms arms = LoadArms.provision(keycloak, admin, settings, histograms, report)) {
            LoadRounds rounds = new LoadRounds(arms, settings, histograms, report);
            rounds.codeLogins();
            rounds.directGrants();
            rounds.recoveryLogins();
            report.userWaits(arms.builtIn.users().waits(), arms.ours.users().waits());
        } finally {
            report.print();
        }
        // Not zero: Keycloak's form refuses a correct code now and then, since its reuse protection keys on the
        // digits (<credentialId>.<code>), and with the window's steps a user's digits repeat about once in 10^5 pairs.
        assertThat(report.errors()).as("failed requests (see the report)").isLessThan(10);
    }
}
