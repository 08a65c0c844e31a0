package dev.totpmfa;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Packages form layers (otp, crypto, qr, names, metrics at the bottom; config, trust, flow above; credential; lockout;
 * setup; login; admin and notice on top) and arrows only point down: a package that reaches up for one constant or
 * one listener ties two jobs together, and the next change has to know both. A cycle between any two packages fails
 * here.
 */
class PackageLayersTest {

    private static final JavaClasses EXTENSION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.totpmfa");

    @Test
    void noPackageCycles() {
        slices().matching("dev.totpmfa.(*)..").should().beFreeOfCycles().check(EXTENSION);
    }
}
