package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.srekg.demo.Otlp;
import dev.srekg.test.EventTime;
import dev.srekg.test.GraphPerClass;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The UI in real headless Chromium against the real stack, with four minutes of the demo shop as known data. Each
 * view is saved as a screenshot under target/ui-screenshots. Issue 6.
 */
@GraphPerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class UiIT extends ServerIT {

    private static final Path SCREENSHOTS = Paths.get("target", "ui-screenshots");
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    private DemoPlayback demo;
    private Instant during;
    private Playwright playwright;
    private Browser browser;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    void knownDataAndABrowser(RealStack stack) {
        demo = DemoPlayback.play(stack, EventTime.nextHour(), 240, 5);
        during = demo.start().plusSeconds(200);
        awaitCount(stack, "MATCH (d:Deployment {key: '" + demo.causeId() + "'}) RETURN count(d)", 1);
        awaitCount(
                stack,
                "MATCH (h:ServiceHour {service: '" + demo.victim() + "', environment: 'prod'}) WHERE h.hour >= "
                        + "datetime('" + demo.start() + "') RETURN sum(h.callsTotal)",
                demo.handled(demo.victim(), "prod"));
        // Two hours later only the proxy's own traffic: every edge of the shop goes idle and closes.
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(Otlp.span(
                        "frontend-proxy",
                        Otlp.trace(77),
                        Otlp.span(1),
                        "",
                        Otlp.SERVER,
                        demo.start().plusSeconds(7200),
                        3))),
                Map.of());
        awaitCount(
                stack,
                "MATCH (:Service {name: 'frontend', environment: 'prod'})-[d:DEPENDS_ON {open: false}]->"
                        + "(:Service {name: 'checkout', environment: 'prod'}) "
                        + "RETURN count(d)",
                1);
        assertThat(java.nio.file.Files.isExecutable(CHROMIUM))
                .as("Debian's chromium at %s (.ci/run installs it: apt-get install chromium)", CHROMIUM)
                .isTrue();
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    @BeforeEach
    void newPage() {
        consoleErrors.clear();
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(consoleErrors::add);
    }

    @AfterEach
    void noBrowserErrors() {
        page.close();
        assertThat(consoleErrors).as("errors in the browser console").isEmpty();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void topologyShowsTheShopAndTheSliderRemovesAnEdgeThatClosed() {
        open("#/map?at=" + during, "map");
        List<String> services = strings("srekg.cy.nodes().filter(n => !n.hasClass('group')).map(n => n.id())");
        assertThat(services).contains("frontend-proxy", "frontend", "checkout", "payment", "valkey-cart", "postgres");
        assertThat(strings("srekg.cy.edges().map(e => e.id())")).contains("frontend->checkout:CALL");
        screenshot("topology");

        page.click("#group");
        page.waitForFunction("() => location.hash.includes('group=on') && document.body.dataset.ready === 'map'");
        assertThat(strings("srekg.cy.nodes('.group').map(n => n.id())")).contains("ns:checkout", "ns:web");
        assertThat(page.evaluate("() => srekg.cy.getElementById('payment').parent().id()"))
                .isEqualTo("ns:checkout");
        screenshot("topology-namespaces");

        // One hour later on the slider: the edges closed when the shop went quiet.
        page.evaluate("() => { const s = document.getElementById('slider');"
                + " s.value = 60; s.dispatchEvent(new Event('change')); }");
        page.waitForFunction("() => location.hash.includes('at=" + during.plusSeconds(3600) + "')"
                + " && document.body.dataset.ready === 'map'");
        assertThat(strings("srekg.cy.edges().map(e => e.id())")).doesNotContain("frontend->checkout:CALL");
        assertThat(page.textContent(".stats")).contains("0 edges");
    }

    @Test
    void searchKeepsTheMatchAndItsNeighbours() {
        open("#/map?q=payment&at=" + during, "map");
        List<String> visible =
                strings("srekg.cy.nodes().filter(n => !n.hasClass('group') && !n.hasClass('hidden')).map(n => n.id())");
        assertThat(visible).contains("payment", "checkout").doesNotContain("ad", "recommendation");
    }

    @Test
    void servicePageShowsItsTimelineAndNeighbours() {
        String cause = demo.causeService();
        open("#/service/" + cause + "?at=" + during, "service");
        assertThat(page.textContent("h1")).contains(cause).contains("running 1.");
        assertThat(page.locator("table.events tr").count()).isGreaterThan(1);
        assertThat(page.locator("svg circle.mark.deploy").count()).isGreaterThanOrEqualTo(1);
        assertThat(page.textContent("body")).contains("Called by (upstream)");
        screenshot("service");
    }

    @Test // issue 16
    void servicePageLinksAFlagChangeAndSaysHowItWasMapped(RealStack stack) {
        String service = demo.causeService();
        KafkaRecords.send(
                stack,
                "sre.changes",
                "ui",
                ("{\"srekg\": \"flag\", \"id\": \"ui-flag\", \"service\": \"" + service + "\", \"target\": \"ui-flag\","
                                + " \"link\": \"https://flags.example/ui-flag\", \"at\": \"" + during.minusSeconds(60)
                                + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of());
        awaitCount(stack, "MATCH (c:ConfigChange {key: 'srekg ui-flag'}) RETURN count(c)", 1);

        open("#/service/" + service + "?at=" + during, "service");

        assertThat(page.locator("table.events a.change-link").getAttribute("href"))
                .isEqualTo("https://flags.example/ui-flag");
        assertThat(page.textContent("table.events")).contains("mapped by service field");
        assertThat(page.locator("svg circle.mark.flag").count()).isEqualTo(1);
    }

    @Test // issue 18
    void catalogDriftShowsDeclaredOnlyObservedOnlyAndConfirmedEdgesPerEnvironment(RealStack stack) {
        // The demo's catalog declares every call of the shop but its first (frontend-proxy -> frontend); a retired
        // component declares a dependency no trace shows, and staging's checkout has a description of its own.
        assertThat(post("/api/v1/catalog", "application/yaml", ("""
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata: {name: legacy-search}
                        spec: {type: service, lifecycle: deprecated, owner: group:default/web,
                               dependsOn: ['component:product-catalog']}
                        ---
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata:
                          name: checkout-staging
                          annotations: {srekg.dev/service: checkout, srekg.dev/environment: staging}
                        spec: {type: service, lifecycle: production, owner: group:default/checkout,
                               dependsOn: ['component:payment', 'component:legacy-search']}
                        """).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(202);
        awaitCount(
                stack,
                "MATCH (e:CatalogEntry) WHERE e.name IN ['legacy-search', 'checkout-staging'] RETURN count(e)",
                2);
        awaitCount(
                stack,
                "MATCH (:Service {name: 'checkout', environment: 'staging'})-[d:DEPENDS_ON]->"
                        + "(:Service {name: 'payment', environment: 'staging'}) RETURN sign(count(d))",
                1);

        // From the service page, whose link keeps the moment: the playback's event time may lie after the wall
        // clock (EventTime hands out hours from 2026-12-01 on, four hours apart), and drift "now" would not see its
        // calls yet.
        open("#/service/frontend-proxy?at=" + during, "service");
        assertThat(page.locator("nav a[data-view='drift']").count()).isEqualTo(1);
        page.click("#drift-link");
        page.waitForFunction("() => location.hash.startsWith('#/drift')");
        page.waitForFunction("() => document.body.dataset.ready === 'drift'");
        assertThat(page.textContent("#environment")).isEqualTo("prod");
        String proxy = "tr.drift-row[data-service='frontend-proxy'] ";
        assertThat(page.locator(proxy + "td.observed-only a").allTextContents()).containsExactly("frontend");
        assertThat(page.locator(proxy + "td.confirmed a").allTextContents()).containsExactly("image-provider");
        assertThat(page.locator(proxy + "td.declared-only a").count()).isZero();
        String legacy = "tr.drift-row[data-service='legacy-search'] ";
        assertThat(page.locator(legacy + "td.declared-only a").allTextContents())
                .containsExactly("product-catalog");
        assertThat(page.textContent(legacy + "td:nth-child(2)")).isEqualTo("web");
        assertThat(page.locator("tr.drift-row[data-service='checkout'] td.confirmed a")
                        .allTextContents())
                .contains("payment", "cart");
        assertThat(page.textContent("#drift-totals"))
                .contains("1 declared, never observed", "1 observed, not declared");
        screenshot("drift");

        // Staging's catalog: checkout's own description against staging's traffic, none of prod's rows.
        page.selectOption("#env", "staging");
        page.waitForFunction("() => location.hash.includes('env=staging') && document.body.dataset.ready === 'drift'");
        assertThat(page.textContent("#environment")).isEqualTo("staging");
        assertThat(page.locator("tr.drift-row").count()).isEqualTo(1);
        String checkout = "tr.drift-row[data-service='checkout'] ";
        assertThat(page.locator(checkout + "td.confirmed a").allTextContents()).containsExactly("payment");
        assertThat(page.locator(checkout + "td.declared-only a").allTextContents())
                .containsExactly("legacy-search");
        assertThat(page.locator(checkout + "td.observed-only a").allTextContents())
                .contains("cart", "currency")
                .doesNotContain("payment");
        assertThat(page.getAttribute(checkout + "td.observed-only a", "href")).contains("env=staging");
    }

    @Test // issue 16
    void changesViewListsAChangeNoRuleMappedToAService(RealStack stack) {
        KafkaRecords.send(
                stack,
                "sre.changes",
                "ui",
                ("{\"srekg\": \"infra\", \"id\": \"ui-env\", \"target\": \"prod-eu\", \"summary\": \"node pool resized\","
                                + " \"at\": \"" + during.minusSeconds(120) + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of());
        awaitCount(stack, "MATCH (c:ConfigChange {key: 'srekg ui-env'}) RETURN count(c)", 1);

        open("#/changes?at=" + during, "changes");

        String row = page.textContent("tr.change-row[data-key='srekg ui-env']");
        assertThat(row).contains("infra", "prod-eu: node pool resized", "none", "unmapped");
        screenshot("changes");
    }

    @Test // issue 15
    void theEnvironmentSelectorShowsStagingsCopyOfTheShopAndFollowsEveryLink() {
        open("#/map?at=" + during + "&env=staging", "map");
        assertThat(page.inputValue("#env")).isEqualTo("staging");
        assertThat(strings("[...document.querySelectorAll('#env option')].map(o => o.value)"))
                .contains("prod", "staging");
        assertThat(strings("srekg.cy.nodes().filter(n => !n.hasClass('group')).map(n => n.id())"))
                .contains("frontend", "checkout");
        assertThat(page.getAttribute("nav a[data-view='incidents']", "href")).contains("env=staging");
        screenshot("topology-staging");

        open("#/service/checkout?at=" + during + "&env=staging", "service");
        assertThat(page.textContent("#environment")).isEqualTo("staging");
        assertThat(page.getAttribute("a[href^='#/context/checkout']", "href")).contains("env=staging");

        page.selectOption("#env", "prod");
        page.waitForFunction("() => !location.hash.includes('env=') && document.body.dataset.ready === 'service'");
        assertThat(page.textContent("#environment")).isEqualTo("prod");
    }

    @Test // issue 24
    void deliveryShowsTheDeploysAndTheIncidentsBehindEachFigure() {
        String id = demoIncident();
        open("#/delivery?days=1&at=" + demo.start().plusSeconds(3600), "delivery");
        var cause = page.locator("tr.delivery-row[data-name='" + demo.causeService() + "'] td");
        assertThat(Integer.parseInt(cause.nth(1).textContent())).isGreaterThanOrEqualTo(1);
        page.locator("tr.delivery-row[data-name='" + demo.victim() + "']").click();
        assertThat(page.locator("tr.delivery-detail:not([hidden]) ul.incident-links a[href='#/incident/" + id + "']")
                        .count())
                .isEqualTo(1);
        screenshot("delivery");
    }

    @Test
    void incidentShowsItsSuspectHighlightedOnThePath() {
        String id = demoIncident();
        // An incident is computed when its alert arrives and recomputed while it settles, as late traffic lands.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents/" + id))
                                .path("context")
                                .path("suspects")
                                .path(0)
                                .path("id")
                                .asString(),
                        demo.causeId()::equals);
        open("#/incidents", "incidents");
        assertThat(page.locator("tr.incident-row[data-id='" + id + "']").count())
                .isEqualTo(1);
        screenshot("incidents");

        open("#/incident/" + id, "incident");
        assertThat(page.textContent("h1")).contains(demo.victim());
        JsonNode highlighted = JSON.readTree((String) page.evaluate("() => JSON.stringify(srekg.highlighted)"));
        assertThat(highlighted.path("suspect").asString()).isEqualTo(demo.causeId());
        assertThat(strings("srekg.cy.nodes('.suspect').map(n => n.id())")).containsExactly(demo.causeService());
        List<String> path = strings("srekg.cy.nodes('.hl').map(n => n.id())");
        assertThat(path)
                .contains(demo.victim(), demo.causeService())
                .hasSize(demo.truth().path("hops").asInt() + 1);
        assertThat(page.locator("tr.suspect-row.selected").getAttribute("data-rank"))
                .isEqualTo("1");
        screenshot("incident");
        // issue 18: the demo's catalog names the victim's owning team, its on-call channel and runbook
        String team = dev.srekg.demo.Estate.shop().services().get(demo.victim()).team();
        // The stored context may predate the catalog's records: the page then asks the catalog itself.
        page.waitForFunction("() => (document.querySelector('#owner') || {}).textContent?.startsWith('Owner:')");
        assertThat(page.textContent("#owner")).contains("Owner: " + team, "#" + team + "-oncall");
        assertThat(page.locator("#owner a").getAttribute("href"))
                .isEqualTo("https://runbooks.example.com/" + demo.victim());
        // issue 22: the page links to the alert's source, and an alert's link (service and start) opens the incident
        assertThat(page.locator("a#generator").getAttribute("href")).startsWith("http://prometheus:9090/");
        String openedAt = json(get("/api/v1/incidents/" + id))
                .path("incident")
                .path("openedAt")
                .asString();
        page.navigate("http://localhost:" + port + "/#/alert?service=" + demo.victim() + "&startsAt=" + openedAt);
        page.waitForFunction(
                "() => location.hash === '#/incident/" + id + "' && document.body.dataset.ready === 'incident'");
        assertThat(page.textContent("h1")).contains(demo.victim());
    }

    @Test
    void cypherQueryReturnsRowsAndSavedQueriesAreOneClickAway() {
        open(
                "#/cypher?q="
                        + java.net.URLEncoder.encode(
                                "MATCH (s:Service {namespace: 'checkout'}) RETURN s.name AS name ORDER BY name",
                                java.nio.charset.StandardCharsets.UTF_8),
                "cypher");
        assertThat(page.locator("table.rows tr").allTextContents())
                .contains("name", "cart", "checkout", "currency", "payment");
        screenshot("cypher");
        assertThat(page.locator("button.saved-query").count()).isGreaterThanOrEqualTo(5);
        page.locator("button.saved-query").first().click();
        assertThat(page.inputValue("#query")).startsWith("WITH datetime($at) AS at");
    }

    @Test
    void badCypherShowsTheProblemWithoutBreakingThePage() {
        open("#/cypher?q=CREATE+(n)", "cypher");
        assertThat(page.textContent("#cypher-error")).contains("read");
        // Chromium logs every 4xx response; this one is the point of the test.
        assertThat(consoleErrors)
                .containsExactly("Failed to load resource: the server responded with a status of 400 ()");
        consoleErrors.clear();
    }

    /** The id of the demo breach's incident, once the recorder has it. */
    private String demoIncident() {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents?limit=1000"))
                                .valueStream()
                                .filter(i -> i.path("openedAt").asString().equals(demo.breachAt()))
                                .map(i -> i.path("id").asString())
                                .findFirst()
                                .orElse(null),
                        i -> i != null);
    }

    private void open(String fragment, String view) {
        page.navigate("http://localhost:" + port + "/" + fragment);
        page.waitForFunction("() => document.body.dataset.ready === '" + view + "'");
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String expression) {
        return (List<String>) page.evaluate("() => " + expression);
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }
}
