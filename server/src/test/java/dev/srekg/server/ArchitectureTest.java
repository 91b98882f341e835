package dev.srekg.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module graph shows the data flow, Kafka -> ingest -> graph <- query-api: graph-model knows no framework,
 * ingest and query-api know only graph-model, and only the composition root (server) depends on them.
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
