package dev.totpmfa.otp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OTP core runs in unit tests, benchmarks and any future non-Keycloak tool only while it needs nothing
 * but the JDK; Keycloak, zxing and FreeMarker belong to the packages that glue it to them.
 */
class OtpArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.totpmfa.otp");
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.totpmfa");

    /**
     * The house's layers, bottom first (STYLE.md, "One rule for the house", with lockout beside setup): a package
     * may use its own layer and the layers below it, never one above.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("otp", "crypto", "qr", "names", "metrics"),
            List.of("config", "trust", "flow"),
            List.of("credential"),
            List.of("setup", "lockout"),
            List.of("login"),
            List.of("admin", "notice"));

    @Test
    void dependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.totpmfa.otp..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.totpmfa.otp..", "java..", "javax.crypto..")
                .check(CORE);
    }

    @Test
    void importsNoneOfTheLibrariesTheExtensionIsGluedTo() {
        noClasses().that().resideInAPackage("dev.totpmfa.otp..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.keycloak..", "com.google.zxing..", "freemarker..", "org.jboss..",
                        "jakarta..")
                .check(CORE);
    }

    /** Flows are read and written below the admin API: the flow package uses none of the packages above it. */
    @Test
    void flowUsesNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.totpmfa.flow..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.totpmfa.admin..", "dev.totpmfa.login..",
                        "dev.totpmfa.setup..", "dev.totpmfa.credential..", "dev.totpmfa.notice..")
                .check(ALL);
    }

    @Test
    void arrowsBetweenPackagesPointDown() {
        for (int layer = 0; layer < LAYERS.size(); layer++) {
            for (String from : LAYERS.get(layer)) {
                List<String> above = LAYERS.subList(layer + 1, LAYERS.size()).stream().flatMap(List::stream)
                        .map(to -> "dev.totpmfa." + to + "..").toList();
                if (!above.isEmpty()) {
                    noClasses().that().resideInAPackage("dev.totpmfa." + from + "..")
                            .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
                            .check(ALL);
                }
            }
        }
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.totpmfa.(*)..").should().beFreeOfCycles().check(ALL);
    }
}
