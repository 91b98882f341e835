package dev.srekg.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module graph shows the data flow, Kafka -> ingest -> graph <- query-api: graph-model knows no framework,
 * ingest and query-api know only graph-model, and only the composition root (server) depends on them. Inside the
 * modules, packages follow capabilities and all schema Cypher lives in graph-model (issue 14).
 */
class ArchitectureTest {

    private static final String GROUP = "dev.srekg";
    private static Map<String, Set<String>> modules;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        modules = new TreeMap<>();
        for (String module : modulesOf(root.resolve("pom.xml"))) {
            modules.put(module, srekgDependencies(root.resolve(module).resolve("pom.xml")));
        }
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(GROUP);
    }

    @Test
    void moduleDependenciesFollowTheDataFlow() {
        assertThat(modules)
                .containsEntry("graph-model", Set.of())
                .containsEntry("ingest", Set.of("graph-model", "test-support"))
                .containsEntry("query-api", Set.of("graph-model"))
                .containsEntry("ui", Set.of())
                .containsEntry("local-stack", Set.of())
                .containsEntry("demo", Set.of())
                .containsEntry("test-support", Set.of("local-stack", "demo"));
    }

    @Test
    void onlyTheCompositionRootDependsOnIngestOrTheApi() {
        modules.forEach((module, deps) -> {
            // The composition root, and the benchmark harness that drives srekg's writer directly.
            if (!module.equals("server") && !module.equals("bench")) {
                assertThat(deps).as(module).doesNotContain("ingest", "query-api");
            }
        });
    }

    @Test
    void graphModelKnowsNoFramework() {
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.graph..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "org.neo4j..",
                        "tools.jackson..",
                        "dev.srekg.ingest..",
                        "dev.srekg.api..",
                        "dev.srekg.server..",
                        "dev.srekg.stack..")
                .check(classes);
    }

    @Test
    void ingestAndTheApiDoNotKnowEachOtherNorTheLocalStack() {
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.srekg.api..", "dev.srekg.server..", "dev.srekg.stack..", "org.neo4j.dbms..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.srekg.ingest..", "dev.srekg.server..", "dev.srekg.stack..", "org.apache.kafka..")
                .check(classes);
    }

    @Test
    void parsersArePure() {
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.ingest.parse..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.neo4j..", "org.springframework..", "java.net.http..")
                .check(classes);
    }

    @Test
    void onlyTheKafkaAdapterTouchesKafkaAndOnlyTheNeo4jAdapterTouchesNeo4jInIngest() {
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.ingest..")
                .and()
                .resideOutsideOfPackage("dev.srekg.ingest.kafka..")
                .and()
                .doNotHaveSimpleName("KafkaConnection")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.ingest..")
                .and()
                .resideOutsideOfPackages("dev.srekg.ingest.neo4j..", "dev.srekg.ingest.kafka..")
                .and()
                .doNotHaveSimpleName("IngestConfiguration")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.neo4j..")
                .check(classes);
    }

    @Test // issue 14
    void graphModelIsPackagedByCapabilityWithNothingInItsRoot() {
        assertThat(classes.stream()
                        .filter(c -> c.getPackageName().equals("dev.srekg.graph"))
                        .filter(c -> !c.getSimpleName().equals("package-info"))
                        .map(JavaClass::getName))
                .isEmpty();
    }

    @Test // issue 14
    void controllersLiveInTheirCapabilityPackages() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .resideInAnyPackage("dev.srekg.api", "dev.srekg.api.web")
                .because("a controller belongs to its capability (context, topology, incidents, ...)")
                .check(classes);
        assertThat(classes.stream()
                        .filter(c -> c.isAnnotatedWith(RestController.class))
                        .filter(c -> c.getPackageName().startsWith("dev.srekg.api.")))
                .as("the API's controllers")
                .isNotEmpty();
    }

    @Test // issue 14
    void noSchemaCypherOutsideGraphModel() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("ingest", "query-api", "server", "demo")) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    if (CYPHER_ALLOWED.contains(relative)) {
                        continue;
                    }
                    for (String literal : stringLiterals(Files.readString(file))) {
                        if (CYPHER.matcher(literal).find()) {
                            offenders.add(relative + ": "
                                    + literal.strip().lines().findFirst().orElse(""));
                        }
                    }
                }
            }
        }
        assertThat(offenders).as("Cypher belongs in graph-model").isEmpty();
    }

    @Test // issue 14
    void theCypherScanSeesTextBlocksAndLiteralsButNotComments() {
        String source = "// MATCH (n) in a comment\n/* MERGE (m) */ String a = \"MATCH (s:Service)\";\n"
                + "String b = \"\"\"\n    UNWIND $rows AS row\n    \"\"\";\nString c = \"a \\\" MATCH (x)\";";
        assertThat(stringLiterals(source)).hasSize(3);
        assertThat(stringLiterals(source).stream().filter(l -> CYPHER.matcher(l).find()))
                .hasSize(3);
    }

    /** The ingest pipeline ({@code dev.srekg.ingest.kafka}) talks to Neo4j only through its port, {@code GraphSink}. */
    @Test // issue 14
    void theIngestPipelineDoesNotKnowTheDriver() {
        noClasses()
                .that()
                .resideInAPackage("dev.srekg.ingest.kafka..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.neo4j..")
                .check(classes);
    }

    @Test // issue 14
    void onlyDemoModeUsesTheDemoModule() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.srekg.demo..", "dev.srekg.test..")
                .and()
                .doNotHaveSimpleName("DemoConfiguration")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.srekg.demo..")
                .because("the production code (srekg's own telemetry included) must not need the demo world")
                .check(classes);
    }

    /** Schema Cypher: a clause that reads or writes the graph's nodes. */
    private static final Pattern CYPHER =
            Pattern.compile("\\b(MATCH|MERGE|UNWIND)\\s|\\bCREATE\\s+(CONSTRAINT|INDEX)\\b");

    /** Files that may hold Cypher outside graph-model: none. */
    private static final Set<String> CYPHER_ALLOWED = Set.of();

    /** The string literals and text blocks of a Java source, comments skipped. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) < 0 ? source.length() : source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end;
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                literals.add(source.substring(i + 1, Math.min(end, source.length())));
                i = end + 1;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '\'') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static Set<String> modulesOf(Path pom) throws Exception {
        Set<String> names = new TreeSet<>();
        NodeList list = parse(pom).getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            names.add(list.item(i).getTextContent().strip());
        }
        return names;
    }

    private static Set<String> srekgDependencies(Path pom) throws Exception {
        assertThat(Files.exists(pom)).as(pom.toString()).isTrue();
        Set<String> deps = new TreeSet<>();
        NodeList list = parse(pom).getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element dep = (Element) list.item(i);
            if (GROUP.equals(text(dep, "groupId"))) {
                deps.add(text(dep, "artifactId"));
            }
        }
        return deps;
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    }

    private static Element parse(Path pom) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }
}
