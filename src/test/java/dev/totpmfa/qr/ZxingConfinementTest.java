package dev.totpmfa.qr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * zxing is provided by the Keycloak distribution, not by us; keeping it behind {@link QrCodeRenderer} means a
 * zxing upgrade in Keycloak can only ever break one class.
 */
class ZxingConfinementTest {

    @Test
    void onlyTheQrPackageUsesZxing() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.totpmfa");

        noClasses().that().resideOutsideOfPackage("dev.totpmfa.qr")
                .should().dependOnClassesThat().resideInAPackage("com.google.zxing..")
                .allowEmptyShould(true)
                .check(production);
    }
}
