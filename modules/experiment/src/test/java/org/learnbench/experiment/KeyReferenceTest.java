package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.learnbench.experiment.config.KeyReference;

/**
 * The key reference in experiments/README.md is the one generated from the settings' declarations: a
 * declared key that is undocumented, or a documented key that is not declared, fails here. Run with
 * {@code -Dlearnbench.writeKeys=true} to rewrite the block after changing a declaration.
 */
class KeyReferenceTest {
    private static final Path README = CliHarness.EXPERIMENTS.resolve("README.md");

    @Test
    void theReadmesKeyReferenceIsTheOneGeneratedFromTheDeclarations() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(KeyReference.BEGIN);
        int end = readme.indexOf(KeyReference.END);
        assertTrue(begin >= 0 && end > begin, README + " has no generated key reference between the markers");
        String documented = readme.substring(begin, end + KeyReference.END.length());
        String generated = KeyReference.markdown();
        if (Boolean.getBoolean("learnbench.writeKeys") && !documented.equals(generated)) {
            Files.writeString(README, readme.replace(documented, generated), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                generated,
                documented,
                "experiments/README.md's key reference differs from the declarations; regenerate it with "
                        + "mvn -pl modules/experiment test -Dtest=KeyReferenceTest -Dlearnbench.writeKeys=true");
    }

    @Test
    void everyDeclaredKeyIsInTheReference() {
        String generated = KeyReference.markdown();
        for (String key : KeyReference.keys()) {
            String name = key.substring(key.lastIndexOf(": ") + 2);
            assertTrue(generated.contains("`" + name + "`"), key);
        }
    }
}
