#pragma once

#include <vector>

#include "engine/generate/functions/function_registry.h"

// Each theme file registers the functions it compiles.
namespace riverdelta::generate {

void addArithmeticFunctions(std::vector<FunctionSpec>& out);    // arithmetic_functions.cpp
void addDateFunctions(std::vector<FunctionSpec>& out);          // date_functions.cpp
void addDistributionFunctions(std::vector<FunctionSpec>& out);  // distribution_functions.cpp
void addSequenceFunctions(std::vector<FunctionSpec>& out);      // sequence_functions.cpp
void addStringFunctions(std::vector<FunctionSpec>& out);        // string_functions.cpp
void addReferenceFunctions(std::vector<FunctionSpec>& out);     // reference_functions.cpp
void addCollectionFunctions(std::vector<FunctionSpec>& out);    // collection_functions.cpp
void addGeolocationFunctions(std::vector<FunctionSpec>& out);   // geolocation_functions.cpp
void addStateMachineFunction(std::vector<FunctionSpec>& out);   // state_machine_function.cpp

// Reads globalConfigs.geolocation (at `pointer`): loads each country file once and hands the
// catalog to `ctx` for the geolocation calls (geolocation_functions.cpp).
void readGeolocationConfig(CompileContext& ctx, const Json& config, const std::string& pointer);

// The modifiers (modifiers.cpp).
std::vector<ModifierSpec> modifierSpecs();
// Wraps `node` in the modifiers `call` carries.
const Node* applyModifiers(const FunctionCall& call, const FunctionSpec& spec, const Node* node);

}  // namespace riverdelta::generate
