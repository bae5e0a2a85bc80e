package io.fluxgate.runtime.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Workers;

/**
 * The offsets topic of distributed mode, on the module's one shared test broker: each test has a topic of its own,
 * and every instance a test opens reads and writes that topic, as the workers of one cluster do.
 */
class KafkaOffsetStoreContractTest extends OffsetBackingStoreContract {

    private final Map<String, String> settings = settings();
    private final List<DistributedStores> clients = new ArrayList<>();

    private static Map<String, String> settings() {
        Map<String, String> settings = Workers.settings();
        settings.put("offset.storage.partitions", "5"); // keys spread over partitions, as with the default 25
        return settings;
    }

    @Override
    protected OffsetBackingStore newInstance() {
        DistributedStores stores = new KafkaStoreFactory().open(settings);
        clients.add(stores);
        return stores.offsets();
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected int setsPerThread() {
        return 50;
    }

    @Override
    protected void releaseStorage() {
        clients.forEach(DistributedStores::close);
    }
}
