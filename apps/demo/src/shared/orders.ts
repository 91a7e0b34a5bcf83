/** The demo's order book: a few seeded orders and the ones placed through the API or tRPC. */
import type { Order, OrderLine } from './schemas.js';

/** Thrown for an order that cannot be placed; adapters turn it into their 400. */
export class InvalidOrderError extends Error {
  override readonly name = 'InvalidOrderError';
}

/** Orders kept in memory; the oldest placed ones are forgotten first (a demo runs for hours). */
const MAX_ORDERS = 1000;

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private nextId = 1001;
  private readonly seeded: string;

  constructor() {
    this.seeded = this.place({
      customer: 'Ada Lovelace',
      lines: [
        { sku: 'ENGINE-1', quantity: 1, unitPrice: 1842.5 },
        { sku: 'CARD-PUNCH', quantity: 40, unitPrice: 0.25 },
      ],
      placedAt: new Date(Date.UTC(2026, 0, 1, 9, 30)),
    }).id;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Validates the lines, assigns an id, prices the order and stores it. */
  place(input: { customer: string; lines: readonly OrderLine[]; placedAt?: Date | unknown }): Order {
    if (typeof input.customer !== 'string' || input.customer.length === 0) throw new InvalidOrderError('customer must be a non-empty string');
    if (!Array.isArray(input.lines) || input.lines.length === 0) throw new InvalidOrderError('an order needs at least one line');
    let total = 0;
    const lines: OrderLine[] = [];
    input.lines.forEach((line, index) => {
      const { sku, quantity, unitPrice } = line as Partial<OrderLine>;
      if (typeof sku !== 'string' || sku.length === 0) throw new InvalidOrderError(`lines[${index}].sku must be a non-empty string`);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0) {
        throw new InvalidOrderError(`lines[${index}].quantity must be a positive integer`);
      }
      if (typeof unitPrice !== 'number' || !Number.isFinite(unitPrice) || unitPrice < 0) {
        throw new InvalidOrderError(`lines[${index}].unitPrice must be a finite number >= 0`);
      }
      total += quantity * unitPrice;
      lines.push({ sku, quantity, unitPrice });
    });
    const placedAt = input.placedAt instanceof Date ? input.placedAt : new Date();
    const order: Order = { id: `o-${this.nextId++}`, customer: input.customer, lines, total: Math.round(total * 100) / 100, placedAt };
    this.orders.set(order.id, order);
    if (this.orders.size > MAX_ORDERS) {
      for (const id of this.orders.keys()) {
        if (id !== this.seeded) {
          this.orders.delete(id);
          break;
        }
      }
    }
    return order;
  }
}
