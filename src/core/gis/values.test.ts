import { describe, expect, it } from 'vitest';
import {
  isYes,
  parseCount,
  parseEnergyMWh,
  parseLengthM,
  parseOneway,
  parsePowerMW,
  parseSpeedKph,
  parseVoltagesKV,
} from './values.ts';

describe('tag value parsers', () => {
  it('parses lengths in metres and feet', () => {
    expect(parseLengthM('12')).toBe(12);
    expect(parseLengthM('12 m')).toBe(12);
    expect(parseLengthM('12.5m')).toBe(12.5);
    expect(parseLengthM(632)).toBe(632);
    // 40 ft × 0.3048 m/ft = 12.192 m
    expect(parseLengthM('40 ft')).toBeCloseTo(12.192, 10);
    // 12'6" = 150 in × 0.0254 m/in = 3.81 m
    expect(parseLengthM('12\'6"')).toBeCloseTo(3.81, 10);
    expect(parseLengthM('tall')).toBeNull();
    expect(parseLengthM('-3')).toBeNull();
  });
  it('parses speeds in km/h (mph converted, first of several values)', () => {
    expect(parseSpeedKph('50')).toBe(50);
    expect(parseSpeedKph('50 km/h')).toBe(50);
    // 30 mph × 1.609344 km/mi = 48.28032 km/h
    expect(parseSpeedKph('30 mph')).toBeCloseTo(48.28032, 10);
    expect(parseSpeedKph('60;40')).toBe(60);
    expect(parseSpeedKph('walk')).toBe(5);
    expect(parseSpeedKph('none')).toBeNull();
    expect(parseSpeedKph('signals')).toBeNull();
  });
  it('parses voltages in volts to kV, highest first', () => {
    expect(parseVoltagesKV('110000;10000')).toEqual([110, 10]);
    expect(parseVoltagesKV('10000;220000')).toEqual([220, 10]);
    expect(parseVoltagesKV(35000)).toEqual([35]);
    expect(parseVoltagesKV('medium')).toEqual([]);
  });
  it('parses ratings and outputs in MW/MVA', () => {
    expect(parsePowerMW('63 MVA')).toBe(63);
    expect(parsePowerMW('5 MW')).toBe(5);
    expect(parsePowerMW('500 kW')).toBe(0.5);
    expect(parsePowerMW('1.2 GW')).toBe(1200);
    expect(parsePowerMW('yes')).toBeNull();
    expect(parseEnergyMWh('20 MWh')).toBe(20);
    expect(parseEnergyMWh('500 kWh')).toBe(0.5);
  });
  it('parses oneway variants', () => {
    expect(parseOneway('yes')).toBe('forward');
    expect(parseOneway('true')).toBe('forward');
    expect(parseOneway('1')).toBe('forward');
    expect(parseOneway(true)).toBe('forward');
    expect(parseOneway('-1')).toBe('backward');
    expect(parseOneway('no')).toBe('no');
    expect(parseOneway('reversible')).toBeNull();
  });
  it('parses counts (levels, lanes) and yes values', () => {
    expect(parseCount('12')).toBe(12);
    expect(parseCount('3;2')).toBe(3);
    expect(parseCount('2.5')).toBe(2);
    expect(parseCount('many')).toBeNull();
    expect(isYes('yes')).toBe(true);
    expect(isYes(true)).toBe(true);
    expect(isYes('no')).toBe(false);
  });
});
