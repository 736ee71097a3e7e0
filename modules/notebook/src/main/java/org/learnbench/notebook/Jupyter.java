package org.learnbench.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.learnbench.report.document.Table;

/**
 * Shows a table (or any HTML) as rich output in whichever Java kernel runs the notebook, with no
 * compile-time tie to a kernel: it looks the kernel's display entry point up at run time. Images need no
 * help: {@code display(image)} renders a {@link java.awt.image.BufferedImage} in every kernel this
 * supports. Tables do, because kernels differ: one shows an object's {@code toString()} as HTML, another
 * as plain text, and their {@code display} functions take their arguments in different orders.
 *
 * <p>Supported: IJava ({@code io.github.spencerpark.ijava.IJava}, publishing a {@code DisplayData} with
 * text/html and text/plain) and the rapaio Jupyter kernel ({@code org.rapaio.jupyter.kernel.global.Global},
 * publishing text/html), which is the one the workbench installs to execute its notebooks.
 */
public final class Jupyter {
    /** The kernel's display entry point, once found. */
    interface Display {
        void show(String html, String text);
    }

    private static final String RAPAIO_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";
    private static final String IJAVA = "io.github.spencerpark.ijava.IJava";
    private static final String IJAVA_DISPLAY_DATA = "io.github.spencerpark.jupyter.kernel.display.DisplayData";

    private Jupyter() {}

    /** Shows the table as an HTML table (with its aligned text as the plain-text alternative). */
    public static void show(Table table) {
        html(table.html(), table.toString());
    }

    /** Shows HTML, with a plain-text alternative for front ends that cannot render it. */
    public static void html(String html, String text) {
        display(Jupyter.class.getClassLoader())
                .orElseThrow(() -> new IllegalStateException("no Jupyter kernel found (looked for " + IJAVA + " and "
                        + RAPAIO_GLOBAL + "); outside a notebook, print the value instead"))
                .show(html, text);
    }

    /** The running kernel's display entry point, looked up through the given class loader. */
    static Optional<Display> display(ClassLoader loader) {
        Optional<Class<?>> rapaio = find(loader, RAPAIO_GLOBAL);
        if (rapaio.isPresent()) {
            Method display = method(rapaio.get(), "display", String.class, Object.class);
            return Optional.of((html, text) -> invoke(display, null, "text/html", html));
        }
        Optional<Class<?>> ijava = find(loader, IJAVA);
        Optional<Class<?>> data = find(loader, IJAVA_DISPLAY_DATA);
        if (ijava.isPresent() && data.isPresent()) {
            Method kernel = method(ijava.get(), "getKernelInstance");
            Method put = method(data.get(), "putData", String.class, Object.class);
            return Optional.of((html, text) -> {
                try {
                    Object displayData = data.get().getConstructor(String.class).newInstance(text);
                    invoke(put, displayData, "text/html", html);
                    Object instance = invoke(kernel, null);
                    if (instance == null) {
                        throw new IllegalStateException("IJava is on the class path but no kernel is running");
                    }
                    invoke(method(instance.getClass(), "display", data.get()), instance, displayData);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("IJava's display API is not the one expected: " + e, e);
                }
            });
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> find(ClassLoader loader, String name) {
        try {
            return Optional.of(Class.forName(name, true, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no " + name + " method of the expected form", e);
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(method + " failed: " + cause, cause);
        }
    }
}
