package dev.srekg.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real broker and the real Neo4j once per test JVM ({@link RealStack}) and empties the graph before
 * each test (before each class with {@link GraphPerClass}). Graph schema (constraints, indexes, applied migrations) is kept. Kafka topics are kept: tests use
 * their own topics or keys. Test methods may take a {@link RealStack} parameter.
 */
public final class RealStackExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        RealStack stack = RealStack.get();
        if (graphPerClass(context)) {
            Graphs.deleteAllData(stack.driver());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!graphPerClass(context)) {
            Graphs.deleteAllData(RealStack.get().driver());
        }
    }

    private static boolean graphPerClass(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(GraphPerClass.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RealStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return RealStack.get();
    }
}
