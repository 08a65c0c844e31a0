package dev.totpmfa.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shell examples of our Markdown files, read as a reader copies them: every fenced {@code bash}, {@code sh} or
 * {@code shell} block, taken apart into commands (a line ending in a backslash goes on in the next), each with the
 * comment lines right after it, where the docs show the answer. Plain Java, so the parsing is tested without a server.
 */
public final class ShellExamples {

    /** The variables a reader sets for their own server; a test sets them itself and skips the docs' lines. */
    public static final List<String> READER_VARIABLES = List.of("KC", "REALM", "ADMIN_PASSWORD", "PASSWORD");

    private static final Pattern FENCE = Pattern.compile("^( *)```(bash|sh|shell)\\s*$");
    private static final Pattern CLOSING_FENCE = Pattern.compile("^ *```\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=");
    private static final Pattern FUNCTION = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*\\(\\)\\s*\\{");
    private static final Pattern HTTP_STATUS = Pattern.compile("^HTTP (\\d{3})\\b");
    private static final Pattern JSON_NAME = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_-]*)\"\\s*:");

    private ShellExamples() {
    }

    /** README.md, then docs/*.md by name: the order a reader of the README meets them, and the order they run. */
    public static List<Path> documents(Path repository) {
        List<Path> documents = new ArrayList<>();
        documents.add(repository.resolve("README.md"));
        try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
            docs.filter(path -> path.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    public static List<Command> read(Path document) {
        try {
            return parse(document.getFileName().toString(), Files.readAllLines(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Command> parse(String source, List<String> lines) {
        List<Command> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher fence = FENCE.matcher(lines.get(i));
            i++;
            if (!fence.matches()) {
                continue;
            }
            int indent = fence.group(1).length();
            List<String> block = new ArrayList<>();
            int firstLine = i + 1;
            while (i < lines.size() && !CLOSING_FENCE.matcher(lines.get(i)).matches()) {
                String line = lines.get(i);
                block.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent)
                        : line.strip());
                i++;
            }
            i++;
            commands.addAll(commandsOf(source, firstLine, block));
        }
        return commands;
    }

    private static List<Command> commandsOf(String source, int firstLine, List<String> block) {
        List<Command> commands = new ArrayList<>();
        StringBuilder text = null;
        int line = 0;
        List<String> answer = new ArrayList<>();
        for (int k = 0; k < block.size(); k++) {
            String current = block.get(k).strip();
            if (text != null && text.length() > 0 && text.charAt(text.length() - 1) == '\\') {
                text.setLength(text.length() - 1);
                text.append(' ').append(current);
                continue;
            }
            if (current.startsWith("#")) {
                answer.add(current.substring(1).strip());
                continue;
            }
            if (current.isEmpty()) {
                continue;
            }
            if (text != null) {
                commands.add(new Command(source, line, text.toString(), List.copyOf(answer)));
            }
            answer.clear();
            text = new StringBuilder(current);
            line = firstLine + k;
        }
        if (text != null) {
            commands.add(new Command(source, line, text.toString(), List.copyOf(answer)));
        }
        return commands;
    }

    /**
     * One command as the docs write it, where it is ({@code source:line}), and the comment lines after it.
     */
    public record Command(String source, int line, String text, List<String> comments) {

        public String where() {
            return source + ":" + line;
        }

        /** Calls the server: the examples this project promises to keep true. */
        public boolean callsServer() {
            return Pattern.compile("(^|[\\s($|])(curl|kcadm\\.sh)\\s").matcher(text).find();
        }

        public boolean usesDocker() {
            return Pattern.compile("(^|[\\s;&|])docker(-compose)?\\s").matcher(text).find();
        }

        /** A variable or a function the later examples use. */
        public boolean defines() {
            return ASSIGNMENT.matcher(text).find() || FUNCTION.matcher(text).find();
        }

        /** Sets one of {@link #READER_VARIABLES}, which the test sets for its own server instead. */
        public boolean setsReaderVariable() {
            Matcher assignment = ASSIGNMENT.matcher(text);
            return assignment.find() && READER_VARIABLES.contains(assignment.group(1));
        }

        /** The status the answer comment names ({@code # HTTP 400 …}); without one, every answer must be 2xx. */
        public Optional<Integer> expectedStatus() {
            return comments.stream().map(HTTP_STATUS::matcher).filter(Matcher::find).findFirst()
                    .map(status -> Integer.parseInt(status.group(1)));
        }

        /** The JSON field names of the answer the docs show after the command; each must be in the real one. */
        public List<String> documentedFields() {
            return fieldNames(String.join("\n", comments));
        }
    }

    public static List<String> fieldNames(String json) {
        List<String> names = new ArrayList<>();
        Matcher name = JSON_NAME.matcher(json);
        while (name.find()) {
            if (!names.contains(name.group(1))) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
