package dev.srekg.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The graph is emptied once before the class rather than before each test, for classes whose tests share data set up
 * in {@code @BeforeAll}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GraphPerClass {}
