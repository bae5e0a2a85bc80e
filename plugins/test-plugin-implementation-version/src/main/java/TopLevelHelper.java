/** A class in the default package, as some old libraries still ship: loaded by name from the converter. */
public final class TopLevelHelper {

    public static String greet(String name) {
        return "hello " + name + " from the default package";
    }

    private TopLevelHelper() {
    }
}
