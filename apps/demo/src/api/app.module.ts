import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  NotFoundException,
  Param,
  Post,
  ServiceUnavailableException,
  type DynamicModule,
} from '@nestjs/common';
import { FerryBody, FerryModule, FerryResponse } from '@ferry/nest';
import type { CaptureHook } from '@ferry/core';
import { DEMO_EVENTS, KafkaUnavailableError, type DemoEvents } from '../kafka/events.js';
import { InvalidOrderError, OrderBook } from '../shared/orders.js';
import { demoFory, Order, summarize, Telemetry, TelemetrySummary } from '../shared/schemas.js';

/** Injection token of the capture server's SSE endpoint (null without devtools). */
const CAPTURES_URL = Symbol('CAPTURES_URL');

@Controller('api/orders')
@FerryResponse() // JSON by default; application/fory or application/fory-frames when Accept asks
export class OrdersController {
  constructor(
    @Inject(OrderBook) private readonly book: OrderBook,
    @Inject(DEMO_EVENTS) private readonly events: DemoEvents,
  ) {}

  @Get(':id')
  @FerryResponse(Order)
  get(@Param('id') id: string): Order {
    const order = this.book.get(id);
    if (order === undefined) throw new NotFoundException(`no order ${id}`);
    return order;
  }

  /** Accepts a demo.Order as a Fory body (or the same fields as JSON); id and total are assigned here. */
  @Post()
  @HttpCode(201)
  @FerryResponse(Order)
  async place(@FerryBody(Order) body: Order): Promise<Order> {
    let order: Order;
    try {
      order = this.book.place(body);
    } catch (error) {
      if (error instanceof InvalidOrderError) throw new BadRequestException(error.message);
      throw error;
    }
    await this.events.orderPlaced(order);
    return order;
  }
}

@Controller('api/telemetry')
@FerryResponse()
export class TelemetryController {
  constructor(@Inject(DEMO_EVENTS) private readonly events: DemoEvents) {}

  /**
   * Takes a demo.Telemetry burst (application/fory, or application/fory-frames with the samples
   * out-of-band), answers its summary at once and hands the burst to the Kafka pipeline.
   */
  @Post()
  @HttpCode(200)
  @FerryResponse(TelemetrySummary)
  async ingest(@FerryBody(Telemetry) body: Telemetry): Promise<TelemetrySummary> {
    const telemetry = toTelemetry(body);
    await this.events.telemetryReceived(telemetry);
    return summarize(telemetry, 'api');
  }

  /** The pipeline's latest summary of a device, answered by the Nest microservice on Kafka. */
  @Get(':deviceId/latest')
  @FerryResponse(TelemetrySummary)
  async latest(@Param('deviceId') deviceId: string): Promise<TelemetrySummary> {
    let summary: TelemetrySummary | null;
    try {
      summary = await this.events.latestSummary(deviceId);
    } catch (error) {
      if (error instanceof KafkaUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    if (summary === null) throw new NotFoundException(`the pipeline has not summarized ${deviceId} yet`);
    return summary;
  }
}

@Controller('api/status')
export class StatusController {
  constructor(
    @Inject(DEMO_EVENTS) private readonly events: DemoEvents,
    @Inject(CAPTURES_URL) private readonly capturesUrl: string | null,
  ) {}

  /** What the page needs to know: whether Kafka runs, and where the devtools panel subscribes. */
  @Get()
  status(): { kafka: string; capturesUrl: string | null } {
    return { kafka: this.events.unavailable === null ? 'running' : `unavailable: ${this.events.unavailable}`, capturesUrl: this.capturesUrl };
  }
}

/** A JSON body has plain numbers where a Fory body has a Float32Array: both become a Telemetry. */
function toTelemetry(body: Telemetry | Record<string, unknown>): Telemetry {
  const { deviceId, seq, takenAt, sampleRateHz, samples } = body as Record<string, unknown>;
  if (typeof deviceId !== 'string' || deviceId.length === 0) throw new BadRequestException('deviceId must be a non-empty string');
  if (typeof seq !== 'number' && typeof seq !== 'bigint') throw new BadRequestException('seq must be an integer');
  let values: Float32Array;
  if (samples instanceof Float32Array) values = samples;
  else if (Array.isArray(samples) && samples.every((v) => typeof v === 'number')) values = Float32Array.from(samples as number[]);
  else throw new BadRequestException('samples must be a Float32Array (Fory) or an array of numbers (JSON)');
  const when = takenAt instanceof Date ? takenAt : typeof takenAt === 'string' ? new Date(takenAt) : new Date();
  if (Number.isNaN(when.getTime())) throw new BadRequestException('takenAt is not a date');
  return { deviceId, seq, takenAt: when, sampleRateHz: typeof sampleRateHz === 'number' ? sampleRateHz : 0, samples: values };
}

export interface ApiModuleOptions {
  events: DemoEvents;
  book: OrderBook;
  /** Where @ferry/nest reports every payload it encodes or decodes (the devtools panel). */
  capture?: CaptureHook;
  /** The capture server's SSE endpoint, told to the page by /api/status. */
  capturesUrl?: string;
}


@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        FerryModule.forRoot({
          instance: demoFory(),
          bodyLimit: 8 * 1024 * 1024,
          framesBodyLimit: 64 * 1024 * 1024,
          ...(options.capture === undefined ? {} : { capture: options.capture }),
        }),
      ],
      controllers: [OrdersController, TelemetryController, StatusController],
      providers: [
        { provide: DEMO_EVENTS, useValue: options.events },
        { provide: OrderBook, useValue: options.book },
        { provide: CAPTURES_URL, useValue: options.capturesUrl ?? null },
      ],
    };
  }
}
