package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Containers, registered by id 202. */
public class Containers {
  public List<String> str_list = new ArrayList<>();
  public List<Integer> int_list = new ArrayList<>();
  public Set<String> str_set = new LinkedHashSet<>();
  public Map<String, Integer> str_int_map = new LinkedHashMap<>();
  public Map<Integer, PersonById> int_person_map = new LinkedHashMap<>();
  public List<PersonById> person_list = new ArrayList<>();
  public int[] int_array = new int[0];
  public double[] double_array = new double[0];
  public PersonById nested = new PersonById();

  public Containers() {}
}
