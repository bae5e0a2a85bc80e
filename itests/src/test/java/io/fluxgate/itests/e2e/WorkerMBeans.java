package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The MBeans of a running worker JVM, read from outside as an operator's JMX console reads them: the JDK Attach API
 * starts the JVM's management agent, then a JMX connector reads its platform MBean server. Nothing in the worker is
 * configured for it.
 * <p>
 * The agent is started on 127.0.0.1 and a port chosen here: the local agent
 * ({@code VirtualMachine.startLocalManagementAgent()}) listens on every interface (it only refuses non-local peers).
 */
public final class WorkerMBeans implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private WorkerMBeans(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Attaches to the JVM {@code pid} (a child of this one: same user) and connects to its MBean server. */
    public static WorkerMBeans attach(long pid) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Properties agent = new Properties();
        agent.setProperty("com.sun.management.jmxremote.host", "127.0.0.1");
        agent.setProperty("com.sun.management.jmxremote.port", String.valueOf(port));
        agent.setProperty("com.sun.management.jmxremote.rmi.port", String.valueOf(port));
        agent.setProperty("com.sun.management.jmxremote.authenticate", "false");
        agent.setProperty("com.sun.management.jmxremote.ssl", "false");
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            vm.startManagementAgent(agent);
        } finally {
            vm.detach();
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return new WorkerMBeans(JMXConnectorFactory.connect(url));
    }

    /** The MBeans {@code pattern} matches, each with its attribute names in the order its MBeanInfo gives them. */
    public Map<ObjectName, List<String>> query(String pattern) throws IOException, JMException {
        Map<ObjectName, List<String>> mbeans = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
            List<String> attributes = new ArrayList<>();
            try {
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    attributes.add(attribute.getName());
                }
            } catch (InstanceNotFoundException e) {
                continue; // unregistered since the query (a task restarting): not there
            }
            mbeans.put(name, attributes);
        }
        return mbeans;
    }

    public boolean isRegistered(String name) throws IOException, JMException {
        return server.isRegistered(new ObjectName(name));
    }

    /** The attribute's value; null when the MBean or the attribute is not there. */
    public Object attribute(String name, String attribute) throws IOException, JMException {
        try {
            return server.getAttribute(new ObjectName(name), attribute);
        } catch (InstanceNotFoundException | AttributeNotFoundException e) {
            return null;
        }
    }

    /** A full garbage collection in the worker, so that heap figures say what is still referenced. */
    void gc() throws IOException, JMException {
        server.invoke(new ObjectName("java.lang:type=Memory"), "gc", null, null);
    }

    /** The worker's heap in use, in MiB. */
    long heapUsedMib() throws IOException, JMException {
        Object usage = server.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
        return ((Long) ((javax.management.openmbean.CompositeData) usage).get("used")) >> 20;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
