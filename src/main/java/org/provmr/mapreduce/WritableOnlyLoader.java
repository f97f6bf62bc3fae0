package org.provmr.mapreduce;

import org.apache.hadoop.io.Writable;

/**
 * The class loader a part's keys and values resolve class names in their own bytes through:
 * it gives only Writables (and String, primitives and arrays of them), loaded by its parent
 * without initializing anything else. ObjectWritable and EnumSetWritable resolve the names
 * their bytes hold with the configuration's loader, MapWritable with the thread's, and Hadoop
 * then initializes and instantiates whatever class is named: a crafted record could run the
 * static initializer and constructor of any class on the class path. A part may name Writable
 * classes (docs/security.md, "Parts"); its records may name no more.
 */
final class WritableOnlyLoader extends ClassLoader {
  WritableOnlyLoader(ClassLoader parent) {
    super(parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    Class<?> c = Class.forName(name, false, getParent());
    Class<?> element = c;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || element == String.class
        || Writable.class.isAssignableFrom(element)) {
      return c;
    }
    throw new ClassNotFoundException(name + " is not a Writable: the records of a provenance"
        + " file may name only Writable classes, and this one was not initialized");
  }
}
