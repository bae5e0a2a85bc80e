/**
 * Whether real plugins load their classes on Fluxgate as on Apache Kafka Connect 4.3.1, class by class: the
 * {@link io.fluxgate.itests.classloading.ClassLoadingProbe} in child JVMs, one on Apache's worker class path with
 * Apache's own plugin loader, one on the distribution's lib/ with Fluxgate's, and
 * {@link io.fluxgate.itests.classloading.ClassLoadingEquivalenceTest} comparing their answers. After
 * {@code mvn -B install -DskipTests} (which also resolves Apache's worker class path, itests/apache-worker-class-path),
 * run {@code mvn -B -pl itests test -Dtest=ClassLoadingEquivalenceTest -Dsurefire.failIfNoSpecifiedTests=false};
 * both answers stay in itests/target/class-loading-equivalence/.
 */
package io.fluxgate.itests.classloading;
