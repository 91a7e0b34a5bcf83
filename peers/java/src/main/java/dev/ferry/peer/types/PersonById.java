package dev.ferry.peer.types;

/** PersonById, registered by id 200. */
public class PersonById {
  public String name = "";
  public int age;

  public PersonById() {}
}
