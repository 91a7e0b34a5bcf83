package dev.ferry.peer.types;

/** example.Person, registered by name (namespace "example", type name "Person"). */
public class Person {
  public String name = "";
  public int age;

  public Person() {}
}
