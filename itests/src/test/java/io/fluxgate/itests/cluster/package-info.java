/**
 * End-to-end tests of distributed mode: real worker processes of the assembled distribution
 * ({@code bin/connect-distributed.sh}, each on its own REST port) sharing a real KRaft broker in a JVM of its own
 * ({@link io.fluxgate.itests.cluster.BrokerProcess}, restartable), driven over HTTP and through signals (kill -9,
 * SIGSTOP/SIGCONT, SIGTERM). Loss is checked with test-plugin-sequence: per task, every number up to the highest
 * written and committed must be in the topic. Run them with
 * {@code mvn -B -o -q verify -pl itests -am -Dtest='io.fluxgate.itests.cluster.*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false}; add {@code -Dcluster.workers=apache} to run the same tests against
 * Apache Kafka Connect 4.3.1's workers (connect-runtime on the test class path), which checks the tests themselves.
 * The benchmarks ({@code *Benchmark}) are run by itests/benchmarks/failover.sh and distributed-pipeline.sh.
 */
package io.fluxgate.itests.cluster;
