package dev.totpmfa.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every public name the code declares once (provider ids, credential types, event details) is in docs/REFERENCE.md,
 * so a name added or renamed in the code cannot go undocumented.
 */
class DocsNamesTest {

    @Test
    void everyDeclaredNameIsInTheReference() throws IOException {
        String reference = Files.readString(Path.of("docs", "REFERENCE.md"));
        List<String> names = new ArrayList<>();
        names.addAll(constants(ProviderIds.class));
        names.addAll(constants(EventDetails.class));

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(reference).contains(name));
    }

    private static List<String> constants(Class<?> holder) {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(field.toString(), e);
                }
            }
        }
        return values;
    }
}
