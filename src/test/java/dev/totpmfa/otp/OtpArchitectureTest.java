package dev.totpmfa.otp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The OTP core runs in unit tests, benchmarks and any future non-Keycloak tool only while it needs nothing
 * but the JDK; Keycloak, zxing and FreeMarker belong to the packages that glue it to them.
 */
class OtpArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.totpmfa.otp");

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
}
