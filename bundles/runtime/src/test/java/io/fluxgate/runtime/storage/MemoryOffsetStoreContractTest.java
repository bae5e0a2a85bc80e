package io.fluxgate.runtime.storage;

import io.fluxgate.api.storage.OffsetBackingStore;

/** The in-memory store: the contract, with offsets that end with the instance (tests and the file store's base). */
class MemoryOffsetStoreContractTest extends OffsetBackingStoreContract {

    @Override
    protected OffsetBackingStore newInstance() {
        return new MemoryOffsetBackingStore();
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
